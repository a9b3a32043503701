"""An objective's chart, drawn on the server as SVG: no script, readable without one.

Only the geometry is computed here; `governance/objective_chart.html` draws it. The time axis
spans the whole period, so a chart half-way through its year is half drawn; the target is a
dashed line, the baseline a thin one, and a step without data breaks the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from podium.governance.progress import Progress, shown

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 96, 16, 16, 36


@dataclass(frozen=True)
class Tick:
    at: float  # the coordinate on its axis
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    lines: tuple[str, ...]  # SVG polyline points ("x,y x,y"), one per unbroken run
    dots: tuple[tuple[float, float], ...]
    target_y: float
    baseline_y: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = max((last - first).days, 1)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def chart_for(progress: Progress) -> Chart:
    objective = progress.objective
    first, last = objective.starts_on, objective.ends_on
    baseline, target = float(objective.baseline), float(objective.target)
    values = [p.value for p in progress.points if p.value is not None]
    low, high = min(baseline, target, *values), max(baseline, target, *values)
    margin = (high - low) * 0.1 or 1.0
    low, high = (0.0 if low >= 0 and low - margin < 0 else low - margin), high + margin
    plot = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + plot * (high - value) / (high - low), 1)

    runs: list[list[str]] = [[]]
    dots = []
    for point in progress.points:
        if point.value is None:
            runs.append([])
            continue
        at = (round(_x(point.day, first, last), 1), y(point.value))
        runs[-1].append(f"{at[0]},{at[1]}")
        dots.append(at)
    unit = progress.unit
    middle = first + (last - first) / 2
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        lines=tuple(" ".join(run) for run in runs if len(run) > 1),
        dots=tuple(dots),
        target_y=y(target),
        baseline_y=y(baseline),
        y_ticks=tuple(Tick(y(v), shown(round(v, 1), unit)) for v in (low, (low + high) / 2, high)),
        x_ticks=tuple(
            Tick(round(_x(day, first, last), 1), f"{day:%b %Y}") for day in (first, middle, last)
        ),
    )
