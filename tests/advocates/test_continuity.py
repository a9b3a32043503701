"""Key-person risk and the departure simulation, counted by hand."""

from __future__ import annotations

import pytest

from podium.advocates import continuity
from tests.advocates.helpers import actor, engage

pytestmark = pytest.mark.django_db


@pytest.fixture
def audience(erin, frank):
    for n in range(3):  # three follow erin only
        engage(actor(f"Erin Fan {n}"), erin.person, "like")
    engage(actor("Frank Fan"), frank.person, "repost")  # one follows frank only
    both = actor("Both Fan")  # and one both
    engage(both, erin.person, "like")
    engage(both, frank.person, "like")
    engage(actor("Long Gone"), frank.person, "like", days_ago=400)  # older than a year


def test_each_executive_is_as_risky_as_their_exclusive_advocates(audience, erin, frank):
    total, risks = continuity.risks()

    assert total == 5
    assert [(r.person, r.advocates, r.exclusive) for r in risks] == [
        (erin.person, 4, 3),
        (frank.person, 2, 1),
    ]
    assert risks[0].share == pytest.approx(3 / 5)


def test_a_departure_keeps_everyone_who_engaged_with_someone_staying(audience, erin, frank):
    gone = continuity.departure([erin.person])
    assert (gone.total, gone.lost, gone.kept) == (5, 3, 2)

    both = continuity.departure([erin.person, frank.person])
    assert (both.lost, both.kept, both.kept_share) == (5, 0, 0.0)

    nobody = continuity.departure([])
    assert (nobody.lost, nobody.kept_share) == (0, 1.0)


def test_the_page_shows_the_risks_and_a_departure(client, carol, audience, erin):
    client.force_login(carol)

    page = client.get("/advocates/continuity/", {"leaving": [erin.person.slug, "nobody-x" * 40]})

    text = page.content.decode()
    assert page.status_code == 200
    assert "5 advocates in the last year" in text and "60%" in text
    assert "The company keeps 2 of 5 advocates" in text
    assert "3 engaged only with Erin Executive" in text


def test_an_executive_may_not_open_it(client, erin, audience):
    client.force_login(erin)

    assert client.get("/advocates/continuity/").status_code in (403, 404)
