"""Times as people in the organisation read them: in its time zone, with the zone named.

Podium stores and exports every instant in UTC. Pages show the organisation's local time
("23 Nov 2026, 09:14 CET") so the audit log reads like the office clock, and keep the exact
UTC instant in a tooltip for anyone comparing with other systems' logs.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from podium.org.models import Organisation, zone_named

UTC = dt.UTC


def org_zone(org: Organisation | None = None) -> zoneinfo.ZoneInfo:
    """The organisation's time zone (UTC until one is set, or if its name is unknown)."""
    if org is None:
        org = Organisation.objects.order_by("pk").only("timezone").first()
    return org.zone if org else zone_named("UTC")


def zone_abbreviation(local: dt.datetime) -> str:
    """CET, BST, EST... or UTC+04:00 where the zone has no letters (Asia/Dubai says "+04")."""
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = local.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def format_local(
    value: dt.datetime, zone: zoneinfo.ZoneInfo, *, seconds: bool = False, date_only: bool = False
) -> str:
    """'23 Nov 2026, 09:14 CET' (or with seconds, or '23 Nov 2026') in `zone`."""
    local = _aware(value).astimezone(zone)
    day = f"{local.day} {local:%b %Y}"
    if date_only:
        return day
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{day}, {clock} {zone_abbreviation(local)}"


def format_utc(value: dt.datetime) -> str:
    """The exact instant: '2026-11-23 08:14:07 UTC'."""
    return f"{_aware(value).astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def iso_utc(value: dt.datetime) -> str:
    """ISO 8601 in UTC, for machine-readable attributes: '2026-11-23T08:14:07Z'."""
    return _aware(value).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def start_of_day(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Midnight at the start of `day` in `zone`, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)
