"""Local times at a clock change: one that does not exist is refused with the way out; one
that happens twice is the first of the two (still summer time)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from podium.planning import csv_import
from podium.publishing.actions import do_schedule
from tests.conftest import PASSWORD
from tests.publishing.composing import draft, erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
SKIPPED = (
    "2027-03-28 01:30 does not exist in Europe/London: clocks go forward from 01:00 to 02:00; "
    "choose 02:00 or later."
)


@pytest.fixture(autouse=True)
def _early_2027_in_london(erin, time_machine):
    time_machine.move_to("2027-03-01T12:00:00Z", tick=False)
    erin.person.timezone = "Europe/London"
    erin.person.save()


def test_it_refuses_a_time_the_clocks_skip(erin):
    post = draft(erin, erin.person)

    with pytest.raises(ValidationError) as refused:
        do_schedule(erin, post, dt.datetime(2027, 3, 28, 1, 30))

    assert refused.value.messages == [SKIPPED]
    post.refresh_from_db()
    assert post.scheduled_for is None


def test_it_reads_a_time_shown_twice_as_the_first_one(erin):
    post = draft(erin, erin.person)

    do_schedule(erin, post, dt.datetime(2027, 10, 31, 1, 30))

    post.refresh_from_db()
    assert post.scheduled_for == dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)  # 01:30 BST


def test_compose_says_why_the_time_cannot_be_used(client, erin):
    assert client.login(email=erin.email, password=PASSWORD)

    response = client.post(
        "/compose/",
        {
            "person": erin.person.pk,
            "text": "Spring is here.",
            "networks": ["mastodon"],
            "when": "at",
            "at": "2027-03-28T01:30",
        },
    )

    assert response.status_code == 200
    assert SKIPPED in response.content.decode()


def test_the_csv_import_names_the_row(carol):
    raw = (
        b"executive,networks,text,scheduled_at\n"
        b"erin-executive,mastodon,Spring is here.,2027-03-28 01:30\n"
    )

    result = csv_import.do_import(carol, raw)

    assert result.posts == []
    assert [(e.row, e.problems) for e in result.errors] == [(2, [SKIPPED])]
