"""Advocates' KPIs: advocates gained and engagement, for the program or some executives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from podium.advocates import kpis
from podium.governance.kpis import registry
from tests.advocates.helpers import actor, engage

pytestmark = pytest.mark.django_db


def window(days: int) -> tuple[dt.datetime, dt.datetime]:
    now = timezone.now()
    return now - dt.timedelta(days=days), now + dt.timedelta(seconds=1)


def test_governance_finds_them():
    keys = set(registry())
    assert {"advocates.gained", "advocates.engagement_events"} <= keys


def test_nothing_recorded_is_no_data_not_zero(erin):
    assert kpis.advocates_gained(*window(30), None) is None
    assert kpis.engagement_events(*window(30), None) is None


def test_an_advocate_is_gained_once_when_they_first_engage(erin, frank):
    old, new = actor("Old Friend"), actor("New Friend")
    engage(old, erin.person, "like", days_ago=60)
    engage(old, erin.person, "repost", days_ago=2)
    engage(new, erin.person, "like", days_ago=3)
    engage(new, frank.person, "like", days_ago=1)

    assert kpis.advocates_gained(*window(30), None) == 1
    assert kpis.engagement_events(*window(30), None) == 3
    # For frank, new is gained in the window; old never engaged with him.
    assert kpis.advocates_gained(*window(30), [frank.person.pk]) == 1
    assert kpis.engagement_events(*window(30), [frank.person.pk]) == 1
    assert kpis.advocates_gained(*window(30), [erin.person.pk]) == 1
