"""{% org_time value %}: a time in the organisation's zone, the exact UTC instant on hover.

{% org_time entry.at %}                  23 Nov 2026, 09:14 CET
{% org_time entry.at seconds=True %}     23 Nov 2026, 09:14:07 CET
{% org_time token.created_at date_only=True %}   23 Nov 2026
{% org_time user.last_login relative=True %}     2 hours ago (the full time on hover)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.html import format_html

from podium.governance.localtime import format_local, format_utc, iso_utc, org_zone

register = template.Library()


def _zone(context: template.Context) -> zoneinfo.ZoneInfo:
    """The organisation's zone, looked up once per page render."""
    render = context.render_context
    if "podium_org_zone" not in render:
        render["podium_org_zone"] = org_zone(context.get("organisation"))
    return render["podium_org_zone"]


@register.simple_tag(takes_context=True)
def org_time(
    context: template.Context,
    value: dt.datetime | None,
    *,
    seconds: bool = False,
    date_only: bool = False,
    relative: bool = False,
    empty: str = "",
) -> Any:
    if not value:
        return empty
    zone = _zone(context)
    local = format_local(value, zone, seconds=seconds, date_only=date_only)
    utc = format_utc(value)
    if relative:
        return format_html(
            '<time datetime="{}" title="{} ({})">{}</time>',
            iso_utc(value),
            local,
            utc,
            naturaltime(value),
        )
    return format_html('<time datetime="{}" title="{}">{}</time>', iso_utc(value), utc, local)


@register.simple_tag(takes_context=True)
def org_zone_name(context: template.Context) -> str:
    """The zone's name as the organisation set it, e.g. Europe/Paris."""
    return str(_zone(context))


@register.filter
def utc_instant(value: dt.datetime | None) -> str:
    """The exact instant in UTC, for detail lines: '2026-11-23 08:14:07 UTC'."""
    return format_utc(value) if value else ""
