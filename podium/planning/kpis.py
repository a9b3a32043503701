"""What planning measures for program objectives (the KPI shape: `podium.lib.kpis`).

The cadence measures reuse `cadence.py` as it is, one complete local week at a time, so an
objective counts a week exactly as the cadence page and the Monday digest do. Their keys keep
the `publishing.` prefix they had before planning was its own app: objectives store them.
"""

from __future__ import annotations

import datetime as dt

from podium.lib.kpis import KPI, Direction, People
from podium.org.models import Person
from podium.planning.cadence import BEHIND, Cadence, cadence_for_people

WEEK = dt.timedelta(days=7)


def _people(people: People) -> list[Person]:
    active = Person.objects.filter(is_active=True).order_by("pk")
    return list(active if people is None else active.filter(pk__in=people))


def _weeks(people: list[Person], start: dt.datetime, end: dt.datetime) -> list[Cadence]:
    """Each person's cadence in every complete week that ends in the window (at least the
    last one before `end`)."""
    weeks: list[Cadence] = []
    moment = end
    while True:
        weeks += cadence_for_people(people, now=moment, last_week=True).values()
        moment -= WEEK
        if moment - WEEK < start:
            return weeks


def posts_on_cadence(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """The share of the weekly post targets met: each executive's week counts up to its
    target (a busy week does not make up for a silent one)."""
    found = _people(people)
    if not found:
        return None
    weeks = [c.posts for c in _weeks(found, start, end) if c.posts.target]
    wanted = sum(m.target for m in weeks)
    if not wanted:
        return None
    return round(100 * sum(min(m.count, m.target) for m in weeks) / wanted, 1)


def executives_on_track(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """The share of active executives on track or ahead in the last complete week before
    `end`, as the cadence page says it."""
    found = _people(people)
    if not found:
        return None
    cadences = cadence_for_people(found, now=end, last_week=True).values()
    return round(100 * sum(c.status != BEHIND for c in cadences) / len(found), 1)


KPIS = (
    KPI(
        key="publishing.posts_on_cadence",
        label="Posts on cadence",
        unit="%",
        direction=Direction.HIGHER,
        measure=posts_on_cadence,
        adds_up=False,
        description="The share of the executives' weekly post targets met.",
    ),
    KPI(
        key="publishing.executives_on_track",
        label="Executives on track",
        unit="%",
        direction=Direction.HIGHER,
        measure=executives_on_track,
        adds_up=False,
        description="The share of active executives on track or ahead of their cadence.",
    ),
)
