"""Objectives as tests make them: straight into the table, as the pages would have saved them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from podium.accounts.models import User
from podium.governance.objectives import Objective


def objective(
    owner: User,
    kpi: str = "blog.articles_published",
    *,
    starts_on: dt.date = dt.date(2026, 1, 1),
    ends_on: dt.date = dt.date(2026, 12, 31),
    baseline: str = "0",
    target: str = "12",
    name: str = "Publish an article a month",
) -> Objective:
    return Objective.objects.create(
        name=name,
        owner=owner,
        kpi=kpi,
        starts_on=starts_on,
        ends_on=ends_on,
        baseline=Decimal(baseline),
        target=Decimal(target),
    )


def at(day: str, hour: int = 12) -> dt.datetime:
    """Noon UTC on `day` ('2026-03-15')."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=dt.UTC)
