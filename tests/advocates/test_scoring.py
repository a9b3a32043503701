"""The advocate score: each term a person can check by hand, sharing above liking, recent
events twice, breadth across executives, nothing older than a year."""

from __future__ import annotations

import pytest

from podium.advocates import scoring
from tests.advocates.helpers import actor, advocate_of, engage

pytestmark = pytest.mark.django_db


def test_the_score_is_the_sum_it_shows(erin, frank):
    nadia = actor("Nadia Share")
    engage(nadia, erin.person, "repost", days_ago=10)  # 3 x 2
    engage(nadia, erin.person, "like", days_ago=200)  # 1 x 1
    engage(nadia, frank.person, "reply", days_ago=5)  # 2 x 2, and a second executive: 5
    engage(nadia, erin.person, "like", days_ago=400)  # older than a year: nothing

    scored = scoring.score_of(advocate_of(nadia))
    parts = scoring.breakdown(scored)

    assert scored.score == parts.total == 6 + 1 + 4 + 5
    assert [(t.label, t.count, t.points, t.factor, t.total) for t in parts.terms] == [
        ("repost, last 90 days", 1, 3, 2, 6),
        ("reply, last 90 days", 1, 2, 2, 4),
        ("like, earlier in the year", 1, 1, 1, 1),
    ]
    assert (parts.executives, parts.breadth) == (2, 5)


def test_sharing_ranks_above_liking(erin):
    sharer, liker = actor("Sam Sharer"), actor("Lee Liker")
    engage(sharer, erin.person, "repost")
    engage(liker, erin.person, "like")
    engage(liker, erin.person, "like", days_ago=2)

    names = [a.name for a in scoring.ranked()]

    assert names == ["Sam Sharer", "Lee Liker"]


def test_an_executive_counts_only_their_own(erin, frank):
    both = actor("Bo Both")
    engage(both, erin.person, "repost")
    engage(both, frank.person, "quote")
    only_frank = actor("Fay Frank")
    engage(only_frank, frank.person, "like")

    mine = list(scoring.ranked([erin.person.pk]))

    assert [(a.name, a.score) for a in mine] == [("Bo Both", 6)]


def test_no_one_without_a_counted_event_is_ranked(erin):
    engage(actor("Old Timer"), erin.person, "repost", days_ago=500)

    assert list(scoring.ranked()) == []
