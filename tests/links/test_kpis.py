"""Links' KPI: clicks by people, not by machines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from podium.governance.kpis import registry
from podium.links.models import Click, ShortLink

pytestmark = pytest.mark.django_db


def test_clicks_by_people_count_people_only_and_per_executive(erin, frank):
    kpi = registry()["links.human_clicks"]
    now = timezone.now()
    start, end = now - dt.timedelta(days=30), now + dt.timedelta(seconds=1)
    assert kpi.measure(start, end, None) is None  # nothing clicked yet: no data

    erins = ShortLink.objects.create(destination="https://a.example", person=erin.person)
    franks = ShortLink.objects.create(destination="https://b.example", person=frank.person)
    rows = [
        (erins, "human", True),
        (erins, "human", False),  # the same visitor within the hour
        (erins, "preview", False),
        (erins, "bot", False),
        (franks, "human", True),
    ]
    Click.objects.bulk_create(
        Click(
            link=link,
            at=now - dt.timedelta(days=1),
            kind=kind,
            counted=counted,
            visitor="v",
            click_id=f"c{n}",
        )
        for n, (link, kind, counted) in enumerate(rows)
    )
    assert kpi.measure(start, end, None) == 2
    assert kpi.measure(start, end, [erin.person.pk]) == 1
    assert kpi.measure(now - dt.timedelta(hours=1), end, None) == 0
