"""Dates, times and page numbers out of range are refused by field, never a 500."""

from __future__ import annotations

import pytest

from tests.api.test_errors import assert_error_shape
from tests.publishing.composing import draft, erin_accounts  # noqa: F401 - fixture

RANGE = "choose a date from 1900-01-01 to 2200-12-31"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_to=9999-12-31", "date_to"),
        ("date_from=0001-01-01", "date_from"),
        ("date_from=0001-01-01&date_to=9999-12-31", "date_to"),
    ],
)
def test_it_refuses_audit_dates_out_of_range(api, alice, query, field):
    body = assert_error_shape(api(alice).get(f"/api/audit?{query}"), 422)

    assert RANGE in body["errors"][field]
    assert body["detail"].startswith(f"{field if len(body['errors']) == 1 else '2 fields'}")


def test_it_refuses_post_list_dates_out_of_range(api, carol):
    body = assert_error_shape(api(carol).get("/api/posts?date_from=1899-12-31"), 422)

    assert body["errors"] == {"date_from": f"This date (1899-12-31) is out of range: {RANGE}."}


@pytest.mark.parametrize("url", ["/api/posts", "/api/audit", "/api/users", "/api/comments"])
@pytest.mark.parametrize("page", ["99999999999999999999", "-1", "0"])
def test_it_refuses_page_numbers_out_of_range(api, alice, url, page):
    body = assert_error_shape(api(alice).get(f"{url}?page={page}"), 422)

    assert set(body["errors"]) == {"page"}


@pytest.mark.usefixtures("erin_accounts")
@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("9999-12-31T23:59:59-23:59", f"This time (9999-12-31) is out of range: {RANGE}."),
        ("0001-01-01T00:00:00+14:00", f"This time (0001-01-01) is out of range: {RANGE}."),
    ],
)
def test_it_refuses_schedule_times_out_of_range(api, erin, at, message):
    post = draft(erin, erin.person)

    body = assert_error_shape(
        api(erin).post(f"/api/posts/{post.pk}/schedule", {"when": "at", "at": at}), 422
    )

    assert body["errors"] == {"at": message}


@pytest.mark.usefixtures("erin_accounts")
def test_it_refuses_a_schedule_more_than_two_years_ahead(api, erin):
    post = draft(erin, erin.person)

    body = assert_error_shape(
        api(erin).post(
            f"/api/posts/{post.pk}/schedule", {"when": "at", "at": "2199-01-01T09:00:00Z"}
        ),
        422,
    )

    assert "more than two years ahead" in body["errors"]["at"]
    post.refresh_from_db()
    assert post.scheduled_for is None


@pytest.mark.usefixtures("erin_accounts")
def test_it_refuses_a_local_time_skipped_when_clocks_go_forward(api, erin, time_machine):
    time_machine.move_to("2027-03-01T12:00:00Z", tick=False)
    post = draft(erin, erin.person)

    body = assert_error_shape(
        api(erin).post(
            f"/api/posts/{post.pk}/schedule",
            {"when": "at", "at": "2027-03-28T01:30", "timezone": "Europe/London"},
        ),
        422,
    )

    assert body["errors"] == {
        "at": "2027-03-28 01:30 does not exist in Europe/London: clocks go forward from 01:00 "
        "to 02:00; choose 02:00 or later."
    }


def test_it_never_shows_a_regular_expression(api, carol, erin):
    body = assert_error_shape(
        api(carol).post(
            "/api/articles",
            {"person": erin.person.slug, "title": "T", "slug": "no spaces!", "body": "Hi"},
        ),
        422,
    )

    assert body["errors"]["slug"].startswith("Use a slug such as erin-executive")
    assert "[" not in body["detail"] and "^" not in body["detail"]
