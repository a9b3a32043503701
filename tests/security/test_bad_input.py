"""Extreme dates and numbers in every page and API operation that takes one: never a 5xx, and
a refusal names the field (podium/lib/bounds.py holds the limits)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.accounts.actions import do_create_token
from tests.api.conftest import ApiClient
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

EXTREME_DAYS = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "0000-00-00"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
)
EXTREME_TIMES = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+23:59",
            "2027-03-28T01:30",
            "2150-06-01T09:00:00Z",
        ]
    ),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)).map(
        lambda t: t.isoformat(timespec="seconds")
    ),
)
EXTREME_NUMBERS = st.one_of(
    st.sampled_from(["99999999999999999999", "-1", "0", "1e9", "9" * 400]),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
# Pages: (address, the date or number parameters it reads).
PAGES = [
    ("/audit/", ("date_from", "date_to", "page")),
    ("/audit/export.csv", ("date_from", "date_to")),
    ("/calendar/", ("start",)),
    ("/calendar/?view=month", ("start",)),
    ("/posts/", ("page",)),
    ("/people/", ("page",)),
    ("/notifications/", ("page",)),
]
# API list operations: (path, date parameters, number parameters).
API_LISTS = [
    ("/api/audit", ("date_from", "date_to"), ("page", "page_size")),
    ("/api/posts", ("date_from", "date_to"), ("page", "page_size")),
    ("/api/users", (), ("page", "page_size")),
    ("/api/comments", (), ("page", "page_size", "article")),
    ("/api/articles", (), ("page", "page_size")),
]


def _api(user) -> ApiClient:
    _token, secret = do_create_token(user, "fuzz")
    return ApiClient(secret)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names_the_field(response, field: str) -> None:
    assert response.status_code < 500, (field, response.status_code)
    if response.status_code == 422:
        body = response.json()
        assert field in body["errors"], body


@FUZZ
@given(value=st.one_of(EXTREME_DAYS, EXTREME_NUMBERS))
def test_pages_answer_every_date_and_number_without_a_server_error(carol, value):
    client = _client(carol)
    for address, parameters in PAGES:
        for parameter in parameters:
            response = client.get(address, {parameter: value})
            assert response.status_code < 500, (address, parameter, value)


@FUZZ
@given(day=EXTREME_DAYS, number=EXTREME_NUMBERS)
def test_api_lists_refuse_extreme_values_by_field(alice, day, number):
    client = _api(alice)
    for path, days, numbers in API_LISTS:
        for parameter in days:
            _names_the_field(client.get(f"{path}?{parameter}={day}"), parameter)
        for parameter in numbers:
            _names_the_field(client.get(f"{path}?{parameter}={number}"), parameter)
    for path, field in (("/api/posts", "post_id"), ("/api/articles", "article_id")):
        _names_the_field(client.get(f"{path}/{number}"), field)


@FUZZ
@given(at=EXTREME_TIMES)
def test_api_schedule_and_move_refuse_extreme_times_by_field(erin, at):
    client = _api(erin)
    post = draft(erin, erin.person)
    _names_the_field(client.post(f"/api/posts/{post.pk}/schedule", {"when": "at", "at": at}), "at")
    client.post(f"/api/posts/{post.pk}/schedule", {"when": "at", "at": later().isoformat()})
    _names_the_field(client.post(f"/api/posts/{post.pk}/move", {"at": at}), "at")


@FUZZ
@given(day=EXTREME_DAYS, number=EXTREME_NUMBERS)
def test_the_calendar_move_answers_extreme_values_without_a_server_error(erin, day, number):
    client = _client(erin)
    post = draft(erin, erin.person)
    for data in (
        {"post": post.pk, "date": day, "time": "09:00"},
        {"post": number, "date": "2027-01-05", "time": "09:00"},
        {"post": post.pk, "date": "2027-01-05", "time": f"{number}:00"},
    ):
        response = client.post("/calendar/move/", data)
        assert response.status_code < 500, data
        assert response.json()["ok"] is False
