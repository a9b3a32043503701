"""What a KPI is: the shape every app's `kpis.py` declares, with no app imported.

An app that can measure something lists it in its own `podium/<app>/kpis.py` as
`KPIS = (KPI(...), ...)`, importing only this module and apps below it. Governance finds those
modules when it first needs them (`podium.governance.kpis`), so a later app (advocates, links,
ideas, listening) adds a measure without touching governance, and nothing low in the
dependency order imports governance to register.

A KPI's `measure(start, end, people)` answers for the instants `start <= t < end` and, when
`people` is a set of executives' ids, for those executives only (None: the whole program). It
returns None when there is nothing to measure yet (no executives, no approvals to time, a blog
nobody has written for), never 0 for missing data: 0 means "measured, and none".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum

People = Collection[int] | None
Measure = Callable[[dt.datetime, dt.datetime, People], float | None]


class Direction(StrEnum):
    HIGHER = "higher"  # more is better: articles published
    LOWER = "lower"  # less is better: hours an approval takes


@dataclass(frozen=True)
class KPI:
    key: str  # stored on objectives: never rename one that is in use
    label: str
    unit: str  # how a value reads: "articles", "%", "hours"
    direction: Direction
    measure: Measure
    # True for counts that add up over an objective's period (articles published so far);
    # False for a level measured over each month or week (the share of executives on track).
    adds_up: bool
    description: str = ""

    def better(self, value: float, than: float) -> bool:
        return value > than if self.direction is Direction.HIGHER else value < than
