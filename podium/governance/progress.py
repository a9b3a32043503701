"""An objective's progress, computed from the data each time it is shown (never stored).

The period is cut into steps (months, or weeks for a period under three months). A KPI that
adds up (articles published) is measured from the start of the period to the end of each
step, so its line climbs towards the target; a level (the share of executives on track) is
measured over each step alone. Steps that have not ended yet are measured up to now. A step
the KPI has no data for is a gap ("no data yet"), never a zero.

A step that has ended is measured once and its value kept in the cache for a day
(`CLOSED_STEP_SECONDS`); the worker measures every objective's ended steps again each hour
(`governance.tasks.refresh_progress`), so a late fact (a post whose sending was confirmed a day
later, an executive who left) shows within the hour, and no visit pays for a year of weekly
cadences (two seconds at 400 executives). The step in progress is measured on every visit.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from podium.governance.objectives import Objective
from podium.lib.kpis import KPI

SHORT = dt.timedelta(days=90)
CLOSED_STEP_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Point:
    day: dt.date  # the last day the value covers
    value: float | None


@dataclass(frozen=True)
class Progress:
    objective: Objective
    kpi: KPI | None
    points: tuple[Point, ...]
    started: bool

    @property
    def current(self) -> float | None:
        """The latest measured value; None when there is none yet."""
        values = [p.value for p in self.points if p.value is not None]
        return values[-1] if values else None

    @property
    def percent(self) -> int | None:
        """How far from the baseline towards the target, in % (below 0 when worse than the
        baseline, above 100 beyond the target)."""
        if self.current is None:
            return None
        baseline, target = float(self.objective.baseline), float(self.objective.target)
        return round(100 * (self.current - baseline) / (target - baseline))

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100

    @property
    def unit(self) -> str:
        return self.kpi.unit if self.kpi else ""


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def steps(starts_on: dt.date, ends_on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each step of the period, the last one cut at the end."""
    found = []
    day = starts_on
    weekly = ends_on - starts_on < SHORT
    while day <= ends_on:
        following = day + dt.timedelta(days=7) if weekly else _next_month(day)
        found.append((day, min(following - dt.timedelta(days=1), ends_on)))
        day = following
    return found


def progress_for(
    objective: Objective,
    zone: zoneinfo.ZoneInfo,
    *,
    now: dt.datetime | None = None,
    latest_only: bool = False,
    refresh: bool = False,
) -> Progress:
    """Every step's value so far; with `latest_only`, only the step now in progress (or the
    last one), which is all a list of objectives shows. Ended steps come from the cache unless
    `refresh` (the worker's hourly pass) measures them again."""
    now = now or timezone.now()
    kpi = objective.measure
    start, _ = objective.period(zone)
    if kpi is None or now <= start:
        return Progress(objective, kpi, (), started=now > start)
    windows = []
    for first, last in steps(objective.starts_on, objective.ends_on):
        step_start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
        if step_start >= now:
            break
        step_end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        windows.append((start if kpi.adds_up else step_start, min(step_end, now), last))
    if latest_only:
        windows = windows[-1:]
    values = _measured(kpi, windows, now, refresh=refresh)
    points = tuple(
        Point(min(last, until.astimezone(zone).date()), value)
        for (_, until, last), value in zip(windows, values, strict=True)
    )
    return Progress(objective, kpi, points, started=True)


def _measured(
    kpi: KPI,
    windows: list[tuple[dt.datetime, dt.datetime, dt.date]],
    now: dt.datetime,
    *,
    refresh: bool,
) -> list[float | None]:
    """The KPI over each (from, until) window: ended ones through the cache, in one round trip."""
    keys = {
        i: f"podium:kpi:{kpi.key}:{since.isoformat()}:{until.isoformat()}"
        for i, (since, until, _) in enumerate(windows)
        if until < now
    }
    kept = {} if refresh else cache.get_many(list(keys.values()))
    values: list[float | None] = []
    fresh = {}
    for i, (since, until, _) in enumerate(windows):
        key = keys.get(i)
        if key is not None and key in kept:
            values.append(kept[key][0])  # kept as a 1-tuple: "no data yet" is a value too
            continue
        value = kpi.measure(since, until, None)
        values.append(value)
        if key is not None:
            fresh[key] = (value,)
    if fresh:
        cache.set_many(fresh, CLOSED_STEP_SECONDS)
    return values


def shown(value: float | Decimal | None, unit: str) -> str:
    """'42 articles', '87.5 %', '3.2 hours', or 'no data yet'."""
    if value is None:
        return "no data yet"
    number = float(value)
    text = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return f"{text} %" if unit == "%" else f"{text} {unit}"
