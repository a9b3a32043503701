"""What a link's page shows: its clicks by kind, by week, and where they came from; and the
chart of them, drawn on the server as SVG (geometry only here: `links/_clicks_chart.html`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from podium.links.models import Click, ShortLink

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
TOP_REFERRERS = 10
Kind = Click.Kind


@dataclass(frozen=True)
class Week:
    starts: dt.date
    people: int  # counted: a visitor once per hour
    machines: int  # bots, preview fetchers, HEAD and prefetch requests


@dataclass(frozen=True)
class Totals:
    people: int
    human_clicks: int
    bots: int
    previews: int
    prefetches: int

    @property
    def machines(self) -> int:
        return self.bots + self.previews + self.prefetches


def totals(link: ShortLink) -> Totals:
    found = Click.objects.filter(link=link).aggregate(
        people=Count("pk", filter=Q(kind=Kind.HUMAN, counted=True)),
        human_clicks=Count("pk", filter=Q(kind=Kind.HUMAN)),
        bots=Count("pk", filter=Q(kind=Kind.BOT)),
        previews=Count("pk", filter=Q(kind=Kind.PREVIEW)),
        prefetches=Count("pk", filter=Q(kind=Kind.HEAD_PREFETCH)),
    )
    return Totals(**found)


def weeks(link: ShortLink) -> list[Week]:
    rows = (
        Click.objects.filter(link=link)
        .annotate(week=TruncWeek("at"))
        .values("week")
        .annotate(
            people=Count("pk", filter=Q(kind=Kind.HUMAN, counted=True)),
            machines=Count("pk", filter=~Q(kind=Kind.HUMAN)),
        )
        .order_by("week")
    )
    return [Week(_day(r["week"]), r["people"], r["machines"]) for r in rows]


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def referrers(link: ShortLink) -> list[tuple[str, int]]:
    rows = (
        Click.objects.filter(link=link, kind=Kind.HUMAN, counted=True)
        .values("referrer_origin")
        .annotate(n=Count("pk"))
        .order_by("-n", "referrer_origin")[:TOP_REFERRERS]
    )
    return [(r["referrer_origin"], r["n"]) for r in rows]


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    people: str  # polyline points
    machines: str
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def chart(series: list[Week]) -> Chart | None:
    """People and machines per week as two lines; None with fewer than two weeks."""
    if len(series) < 2:
        return None
    high = max(max(w.people, w.machines) for w in series) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = series[0].starts, series[-1].starts
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h * (1 - value / high), 1)

    def line(values: list[tuple[dt.date, int]]) -> str:
        return " ".join(f"{x(d)},{y(v)}" for d, v in values)

    step = max(1, len(series) // 6)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        people=line([(w.starts, w.people) for w in series]),
        machines=line([(w.starts, w.machines) for w in series]),
        y_ticks=tuple(Tick(y(v), str(v)) for v in sorted({0, high // 2, high})),
        x_ticks=tuple(Tick(x(w.starts), f"{w.starts:%-d %b}") for w in series[::step]),
    )
