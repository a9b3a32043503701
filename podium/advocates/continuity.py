"""Key-person risk: what the company's advocates owe to each executive, and what it keeps if
some of them leave.

An executive's *exclusive* advocates are the people who, in the last year, engaged with that
executive and with nobody else: they are the share of the company's audience that would walk
out of the door with them. A departure simulation picks one or more executives and counts the
advocates who engaged only with those (lost) against everyone else (kept). One grouped query
per figure, over the year's events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from podium.advocates.models import EngagementEvent
from podium.advocates.scoring import COUNTED
from podium.org.models import Person


@dataclass(frozen=True)
class Risk:
    person: Person
    advocates: int  # engaged with this executive in the year
    exclusive: int  # engaged with this executive only
    share: float  # exclusive / all the company's advocates, 0 to 1


@dataclass(frozen=True)
class Departure:
    leaving: list[Person]
    total: int
    lost: int

    @property
    def kept(self) -> int:
        return self.total - self.lost

    @property
    def kept_share(self) -> float:
        return self.kept / self.total if self.total else 1.0


def _year(now: dt.datetime | None) -> Q:
    return Q(occurred_at__gte=(now or timezone.now()) - COUNTED)


def risks(now: dt.datetime | None = None) -> tuple[int, list[Risk]]:
    """The company's advocates of the year, and each executive's risk, largest first."""
    events = EngagementEvent.objects.filter(_year(now))
    per_advocate = events.values("account__advocate").annotate(
        people=Count("person", distinct=True), only=Min("person")
    )
    total = per_advocate.count()
    # One row per advocate of a single executive (an aggregate cannot be grouped on again).
    exclusive = Counter(per_advocate.filter(people=1).values_list("only", flat=True))
    engaged = dict(
        events.values("person")
        .annotate(n=Count("account__advocate", distinct=True))
        .values_list("person", "n")
    )
    found = [
        Risk(
            person=person,
            advocates=engaged.get(person.pk, 0),
            exclusive=exclusive.get(person.pk, 0),
            share=exclusive.get(person.pk, 0) / total if total else 0.0,
        )
        for person in Person.objects.filter(pk__in=engaged)
    ]
    return total, sorted(found, key=lambda r: (-r.exclusive, -r.advocates, r.person.name))


def departure(leaving: Collection[Person], now: dt.datetime | None = None) -> Departure:
    """What the company keeps if `leaving` go: advocates who engaged with anyone else."""
    events = EngagementEvent.objects.filter(_year(now))
    ids = [p.pk for p in leaving]
    per_advocate = events.values("account__advocate").annotate(
        staying=Count("person", distinct=True, filter=~Q(person_id__in=ids))
    )
    return Departure(
        leaving=list(leaving),
        total=per_advocate.count(),
        lost=per_advocate.filter(staying=0).count(),
    )
