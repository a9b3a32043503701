"""What Advocates measures for program objectives (the KPI shape: `podium.lib.kpis`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, QuerySet

from podium.advocates.models import Advocate, EngagementEvent
from podium.lib.kpis import KPI, Direction, People


def _events(people: People) -> QuerySet[EngagementEvent]:
    events = EngagementEvent.objects.all()
    return events if people is None else events.filter(person_id__in=people)


def advocates_gained(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """People whose first engagement (with these executives) fell in the window; no data
    before the first engagement was recorded."""
    if not _events(people).filter(occurred_at__lt=end).exists():
        return None
    if people is None:
        return Advocate.objects.filter(
            first_engaged_at__gte=start, first_engaged_at__lt=end
        ).count()
    firsts = (
        _events(people)
        .values("account__advocate")
        .annotate(first=Min("occurred_at"))
        .filter(first__gte=start, first__lt=end)
    )
    return firsts.count()


def engagement_events(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """Likes, reposts, replies, quotes, mentions, follows and blog comments in the window."""
    events = _events(people)
    if not events.filter(occurred_at__lt=end).exists():
        return None
    return events.filter(occurred_at__gte=start, occurred_at__lt=end).count()


KPIS = (
    KPI(
        key="advocates.gained",
        label="Advocates gained",
        unit="advocates",
        direction=Direction.HIGHER,
        measure=advocates_gained,
        adds_up=True,
        description="People who engaged with an executive for the first time.",
    ),
    KPI(
        key="advocates.engagement_events",
        label="Engagement",
        unit="events",
        direction=Direction.HIGHER,
        measure=engagement_events,
        adds_up=True,
        description="Likes, reposts, replies, quotes, mentions, follows and blog comments.",
    ),
)
