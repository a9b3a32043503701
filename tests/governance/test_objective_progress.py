"""An objective's progress is computed from the data, step by step, and never made up."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse

from podium.governance.progress import progress_for
from tests.governance.objectives_helpers import at, objective
from tests.planning.cadence_builders import article

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_it_adds_articles_up_month_by_month_towards_the_target(carol, erin):
    goal = objective(carol, target="12")
    for day in ("2026-01-15", "2026-02-03", "2026-02-20", "2026-04-09"):
        article(erin.person, at(day))

    progress = progress_for(goal, LONDON, now=at("2026-04-20"))

    assert [(p.day, p.value) for p in progress.points] == [
        (dt.date(2026, 1, 31), 1),
        (dt.date(2026, 2, 28), 3),
        (dt.date(2026, 3, 31), 3),
        (dt.date(2026, 4, 20), 4),  # April so far
    ]
    assert progress.current == 4
    assert progress.percent == 33


def test_it_counts_a_short_objective_week_by_week(carol, erin):
    goal = objective(carol, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 29))
    article(erin.person, at("2026-03-04"))

    progress = progress_for(goal, LONDON, now=at("2026-04-01"))

    assert [p.day for p in progress.points] == [
        dt.date(2026, 3, 8),
        dt.date(2026, 3, 15),
        dt.date(2026, 3, 22),
        dt.date(2026, 3, 29),
    ]


def test_it_measures_lead_time_in_the_right_direction(carol):
    goal = objective(carol, "publishing.approval_lead_time", baseline="48", target="12")

    progress = progress_for(goal, LONDON, now=at("2026-03-01"))

    assert progress.points and all(p.value is None for p in progress.points)
    assert progress.current is None
    assert progress.percent is None


def test_it_has_nothing_before_the_objective_starts(carol, erin):
    goal = objective(carol, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 12, 31))
    article(erin.person, at("2026-04-09"))

    progress = progress_for(goal, LONDON, now=at("2026-06-01"))

    assert progress.points == ()
    assert not progress.started


def test_its_page_says_no_data_yet_rather_than_zero(client, carol, arthur):
    goal = objective(carol, "blog.comments_received", baseline="5", target="40")
    client.force_login(arthur)

    with time_machine.travel(at("2026-05-10"), tick=False):
        html = client.get(reverse("governance-show-objective", args=[goal.pk])).content.decode()

    assert "no data yet" in html
    assert ">0 comments" not in html
    assert "<svg" not in html  # no chart of nothing


def test_its_page_draws_the_progress_against_the_target(client, carol, erin):
    goal = objective(carol, target="12")
    article(erin.person, at("2026-01-15"))
    article(erin.person, at("2026-02-15"))
    client.force_login(erin)

    with time_machine.travel(at("2026-03-10"), tick=False):
        html = client.get(reverse("governance-show-objective", args=[goal.pk])).content.decode()

    assert "<svg" in html and "<script" not in html.split("<svg")[1].split("</svg>")[0]
    assert "Target 12 articles" in html
    assert html.count("<polyline") == 1
    # The figures beside the chart, for screen readers.
    assert '31 Jan 2026</th><td class="text-end">1 articles' in html
    assert '28 Feb 2026</th><td class="text-end">2 articles' in html


def test_an_ended_step_is_measured_once_and_again_by_the_hourly_refresh(carol, erin):
    goal = objective(carol, target="12")
    article(erin.person, at("2026-01-15"))
    assert progress_for(goal, LONDON, now=at("2026-02-10")).points[0].value == 1

    # A fact about January that arrives late: the kept January stays until the worker's pass,
    # while February, still in progress, is measured on every visit.
    article(erin.person, at("2026-01-20"))
    article(erin.person, at("2026-02-05"))
    kept = progress_for(goal, LONDON, now=at("2026-02-10"))
    assert [p.value for p in kept.points] == [1, 3]

    refreshed = progress_for(goal, LONDON, now=at("2026-02-10"), refresh=True)
    assert [p.value for p in refreshed.points] == [2, 3]
    assert [p.value for p in progress_for(goal, LONDON, now=at("2026-02-10")).points] == [2, 3]


def test_the_hourly_refresh_measures_every_objective(carol, erin):
    from podium.governance.tasks import refresh_progress

    goal = objective(
        carol, target="12", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31)
    )
    article(erin.person, at("2025-03-15"))
    assert progress_for(goal, LONDON).current == 1
    article(erin.person, at("2025-04-15"))

    assert refresh_progress.call_local() == 1
    assert progress_for(goal, LONDON).current == 2
