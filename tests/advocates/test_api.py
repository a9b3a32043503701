"""The Advocates API: the same advocates, scores and permissions as the pages."""

from __future__ import annotations

import pytest

from tests.advocates.helpers import actor, advocate_of, engage

pytestmark = pytest.mark.django_db


@pytest.fixture
def nadia(erin, frank):
    who = actor("Nadia Share", links=(("https://nadia.example", True),))
    engage(who, erin.person, "repost")
    engage(who, frank.person, "like", days_ago=120)
    return advocate_of(who)


def test_it_lists_advocates_ranked_with_their_score(api, carol, nadia, erin):
    engage(actor("Lee Liker"), erin.person, "like")

    body = api(carol).get("/api/advocates").json()

    assert [(a["name"], a["score"]) for a in body["items"]] == [
        ("Nadia Share", 6 + 1 + 5),
        ("Lee Liker", 2),
    ]
    assert body["items"][0]["accounts"][0]["verified_links"] == ["https://nadia.example"]


def test_an_advocate_has_every_term_of_the_sum(api, carol, nadia):
    body = api(carol).get(f"/api/advocates/{nadia.pk}").json()

    assert body["score"] == sum(t["total"] for t in body["terms"]) + body["breadth"] == 12
    assert body["terms"][0] == {
        "label": "repost, last 90 days",
        "count": 1,
        "points": 3,
        "factor": 2,
        "total": 6,
    }


def test_an_executive_reads_only_their_own_engagement(api, erin, nadia):
    body = api(erin).get(f"/api/advocates/{nadia.pk}/events").json()

    assert [(e["kind"], e["executive"]) for e in body["items"]] == [("repost", erin.person.slug)]
    assert api(erin).get(f"/api/advocates/{nadia.pk}").json()["score"] == 6


def test_an_approver_is_refused_and_a_stranger_gets_a_404(api, arthur, frank, erin):
    only_erin = actor("Only Erin")
    engage(only_erin, erin.person, "like")

    refused = api(arthur).get("/api/advocates")
    assert refused.status_code == 403 and "Executive" in refused.json()["detail"]
    missing = api(frank).get(f"/api/advocates/{advocate_of(only_erin).pk}")
    assert missing.status_code == 404


def test_one_executives_leaderboard(api, carol, frank, nadia, erin):
    engage(actor("Fay Frank"), frank.person, "repost")

    body = api(carol).get(f"/api/advocates?executive={frank.person.slug}").json()

    assert [(a["name"], a["score"]) for a in body["items"]] == [
        ("Fay Frank", 6),
        ("Nadia Share", 1),
    ]
    refused = api(frank).get(f"/api/advocates?executive={erin.person.slug}")
    assert refused.status_code == 422 and "executive" in refused.json()["errors"]
