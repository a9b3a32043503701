"""The advocate score: a sum a person can check by hand.

    score = Σ over the year's events of (the kind's points x 2 if in the last 90 days, else x 1)
            + 5 points for each executive engaged with beyond the first

Points per kind (`WEIGHTS`): sharing counts above applauding, because a repost or a quote
carries the executive's words to new people; a reply or a blog comment is a conversation; a
like or a follow is the least effort. Events older than a year count nothing. The advocate's
page shows every term of the sum (`breakdown`), and the list shows the inputs beside the
score, so no figure is a mystery.

`ranked()` is one aggregate query over the events (through each advocate's accounts); an
executive's view counts only the events that concern them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Max, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Greatest
from django.utils import timezone

from podium.advocates.models import Advocate, Kind

WEIGHTS: dict[str, int] = {
    Kind.QUOTE: 4,
    Kind.REPOST: 3,
    Kind.BLOG_COMMENT: 3,
    Kind.REPLY: 2,
    Kind.MENTION: 2,
    Kind.LIKE: 1,
    Kind.FOLLOW: 1,
}
RECENT = dt.timedelta(days=90)
COUNTED = dt.timedelta(days=365)
RECENT_FACTOR = 2
BREADTH_POINTS = 5  # for each executive beyond the first


def _events(people: Collection[int] | None, since: dt.datetime) -> Q:
    q = Q(accounts__events__occurred_at__gte=since)
    if people is not None:
        q &= Q(accounts__events__person_id__in=list(people))
    return q


def ranked(
    people: Collection[int] | None = None, now: dt.datetime | None = None
) -> QuerySet[Advocate]:
    """Advocates with any counted event, best first, each annotated with the score's inputs:
    `recent_<kind>` and `year_<kind>` counts, `executives`, `last_at` and `score`."""
    now = now or timezone.now()
    year, recent = _events(people, now - COUNTED), _events(people, now - RECENT)
    counts = {}
    for kind in WEIGHTS:
        is_kind = Q(accounts__events__kind=kind)
        counts[f"recent_{kind}"] = Count("accounts__events", filter=recent & is_kind)
        counts[f"year_{kind}"] = Count("accounts__events", filter=year & is_kind)
    annotated = Advocate.objects.annotate(
        **counts,
        executives=Count("accounts__events__person", filter=year, distinct=True),
        last_at=Max("accounts__events__occurred_at", filter=year),
    ).filter(last_at__isnull=False)
    # Each recent event counts once in year_ and once more in recent_: x 2 in all.
    score: Combinable = Value(0, output_field=IntegerField())
    for kind, weight in WEIGHTS.items():
        score = score + weight * (F(f"recent_{kind}") * (RECENT_FACTOR - 1) + F(f"year_{kind}"))
    score = score + BREADTH_POINTS * Greatest(F("executives") - 1, Value(0))
    return annotated.annotate(score=score).order_by("-score", "-last_at", "pk")


@dataclass(frozen=True)
class Term:
    """One term of the sum: `count` events x `points` each x `factor`."""

    label: str
    count: int
    points: int
    factor: int

    @property
    def total(self) -> int:
        return self.count * self.points * self.factor


@dataclass(frozen=True)
class Breakdown:
    terms: tuple[Term, ...]
    executives: int
    breadth: int
    total: int


def breakdown(advocate: Advocate) -> Breakdown:
    """Every term of an advocate's score (an advocate from `ranked()`)."""
    terms: list[Term] = []
    labels = dict(Kind.choices)
    for kind, weight in WEIGHTS.items():
        recent = int(getattr(advocate, f"recent_{kind}", 0))
        older = int(getattr(advocate, f"year_{kind}", 0)) - recent
        name = str(labels[kind]).lower()
        if recent:
            terms.append(Term(f"{name}, last 90 days", recent, weight, RECENT_FACTOR))
        if older:
            terms.append(Term(f"{name}, earlier in the year", older, weight, 1))
    executives = int(getattr(advocate, "executives", 0))
    breadth = BREADTH_POINTS * max(executives - 1, 0)
    total = sum(term.total for term in terms) + breadth
    return Breakdown(tuple(terms), executives, breadth, total)


def score_of(advocate: Advocate, people: Collection[int] | None = None) -> Advocate | None:
    """The advocate annotated as `ranked()` does, or None if nothing of theirs counts now."""
    return ranked(people).filter(pk=advocate.pk).first()
