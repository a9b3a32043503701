"""What publishing measures for program objectives (the KPI shape: `podium.lib.kpis`).
The cadence measures are planning's (`podium/planning/kpis.py`)."""

from __future__ import annotations

import datetime as dt
import statistics

from podium.lib.kpis import KPI, Direction, People
from podium.publishing.models import Revision


def approval_lead_time(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """The median hours from a drafted revision's creation to the executive's approval, for
    approvals given in the window; no data when nothing was approved."""
    revisions = Revision.objects.filter(approved_at__gte=start, approved_at__lt=end)
    if people is not None:
        revisions = revisions.filter(post__person_id__in=people)
    waits = [
        (approved - created).total_seconds() / 3600
        for created, approved in revisions.values_list("created_at", "approved_at")
        if approved is not None
    ]
    return round(statistics.median(waits), 1) if waits else None


KPIS = (
    KPI(
        key="publishing.approval_lead_time",
        label="Approval lead time",
        unit="hours",
        direction=Direction.LOWER,
        measure=approval_lead_time,
        adds_up=False,
        description="Median hours from a drafted text to the executive's approval of it.",
    ),
)
