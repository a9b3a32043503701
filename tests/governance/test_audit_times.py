"""Audit times read in the organisation's time zone, with the zone named; exports stay UTC."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from podium.governance import audit
from podium.governance.localtime import format_local, format_utc, iso_utc
from podium.org.models import Organisation

INSTANT = dt.datetime(2026, 11, 23, 8, 14, 7, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "when", "shown"),
    [
        ("Europe/Paris", INSTANT, "23 Nov 2026, 09:14 CET"),
        ("Europe/Paris", dt.datetime(2026, 7, 1, 8, 14, tzinfo=dt.UTC), "1 Jul 2026, 10:14 CEST"),
        ("America/New_York", INSTANT, "23 Nov 2026, 03:14 EST"),
        ("Asia/Dubai", INSTANT, "23 Nov 2026, 12:14 UTC+04:00"),
        ("Asia/Kolkata", INSTANT, "23 Nov 2026, 13:44 IST"),
        ("UTC", INSTANT, "23 Nov 2026, 08:14 UTC"),
        ("Pacific/Auckland", INSTANT, "23 Nov 2026, 21:14 NZDT"),
    ],
)
def test_a_time_is_shown_in_the_zone_with_its_name(zone, when, shown):
    assert format_local(when, zoneinfo.ZoneInfo(zone)) == shown


def test_the_exact_instant_is_utc():
    assert format_utc(INSTANT) == "2026-11-23 08:14:07 UTC"
    assert iso_utc(INSTANT) == "2026-11-23T08:14:07Z"
    paris = INSTANT.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
    assert format_utc(paris) == "2026-11-23 08:14:07 UTC"


@pytest.fixture
def paris_entry(carol):
    Organisation.objects.update(timezone="Europe/Paris")
    with time_machine.travel(INSTANT, tick=False):
        return audit.record(actor=carol, action="person.updated", target_label="Erin")


def test_the_audit_page_shows_local_time_and_utc_on_hover(client, carol, paris_entry):
    client.force_login(carol)

    html = client.get(reverse("governance-list-audit")).content.decode()

    assert (
        '<time datetime="2026-11-23T08:14:07Z" title="2026-11-23 08:14:07 UTC">'
        "23 Nov 2026, 09:14:07 CET</time>"
    ) in html
    assert f"Entry #{paris_entry.pk} · 2026-11-23 08:14:07 UTC" in html
    assert "time zone, Europe/Paris" in html
    assert "CSV and JSON exports give every time in UTC" in html


def test_exports_stay_in_utc(client, carol, paris_entry):
    client.force_login(carol)

    csv_text = b"".join(
        client.get(reverse("governance-export-audit", args=["csv"])).streaming_content
    ).decode()
    json_text = b"".join(
        client.get(reverse("governance-export-audit", args=["json"])).streaming_content
    ).decode()

    assert next(csv.DictReader(io.StringIO(csv_text)))["at"] == "2026-11-23T08:14:07+00:00"
    assert json.loads(json_text)[0]["at"] == "2026-11-23T08:14:07+00:00"


def test_the_day_filters_are_the_organisations_days(client, carol):
    """Late on the 22nd in UTC is already the 23rd in Auckland: the filter follows Auckland."""
    Organisation.objects.update(timezone="Pacific/Auckland")
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC), tick=False):
        audit.record(actor=carol, action="person.updated", target_label="late")
    client.force_login(carol)

    on_23rd = client.get(reverse("governance-list-audit"), {"date_from": "2026-11-23"})
    on_22nd = client.get(reverse("governance-list-audit"), {"date_to": "2026-11-22"})

    assert [e.target_label for e in on_23rd.context["page"].object_list] == ["late"]
    assert list(on_22nd.context["page"].object_list) == []


def test_the_approver_home_feed_names_the_zone_on_hover(client, arthur, paris_entry):
    audit.record(actor=arthur, action="user.updated", target_label="someone")
    client.force_login(arthur)

    html = client.get(reverse("governance-approver-home")).content.decode()

    assert "CET (" in html and " UTC)" in html
