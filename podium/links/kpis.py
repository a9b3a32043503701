"""What Links measures for program objectives (the KPI shape: `podium.lib.kpis`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from podium.lib.kpis import KPI, Direction, People
from podium.links.models import Click


def _clicks(people: People) -> QuerySet[Click]:
    clicks = Click.objects.filter(kind=Click.Kind.HUMAN, counted=True)
    return clicks if people is None else clicks.filter(link__person_id__in=people)


def people_clicking(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """People who followed a short link (each once per link per hour); bots, link-preview
    fetchers and prefetches left out. No data before the first link was clicked."""
    clicks = _clicks(people)
    if not clicks.filter(at__lt=end).exists():
        return None
    return clicks.filter(at__gte=start, at__lt=end).count()


KPIS = (
    KPI(
        key="links.human_clicks",
        label="Clicks by people",
        unit="clicks",
        direction=Direction.HIGHER,
        measure=people_clicking,
        adds_up=True,
        description="People who followed a post's short link, each once per link per hour; "
        "bots and link-preview fetchers are not counted.",
    ),
)
