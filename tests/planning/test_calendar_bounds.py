"""A calendar start out of the years 1900-2200 shows this week with a message (was a 500)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.publishing.composing import erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


@pytest.mark.parametrize(
    ("start", "view"),
    [
        ("9999-12-31", "week"),
        ("9999-12-31", "month"),
        ("0001-01-01", "month"),
        ("0001-01-01", "week"),
    ],
)
def test_it_shows_this_week_and_says_the_date_is_out_of_range(client, carol, start, view):
    assert client.login(email=carol.email, password=PASSWORD)

    response = client.get("/calendar/", {"start": start, "view": view})

    assert response.status_code == 200
    assert (
        f"The calendar&#x27;s start date ({start}) is out of range: choose a date from "
        "1900-01-01 to 2200-12-31. Showing this week instead."
    ) in response.content.decode()


@pytest.mark.parametrize("start", ["1900-01-01", "2200-12-31"])
def test_the_first_and_last_days_allowed_show(client, carol, start):
    assert client.login(email=carol.email, password=PASSWORD)

    for view in ("week", "month"):
        response = client.get("/calendar/", {"start": start, "view": view})
        assert response.status_code == 200
        assert "out of range" not in response.content.decode()
