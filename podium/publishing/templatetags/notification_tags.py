"""Notifications in templates, so base.html and other apps' pages need no view changes.

{% unread_notification_count user as n %}    the bell's count (one query per request)
{% drafted_awaiting_approval user as ds %}   what the user drafted that awaits approval
"""

from __future__ import annotations

from django import template

from podium.publishing import awaiting, notifications

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    # base.html shows the bell twice (phone and desktop headers): count once per request.
    if not hasattr(user, "_podium_unread_notifications"):
        user._podium_unread_notifications = notifications.unread_count(user)
    return user._podium_unread_notifications


@register.simple_tag
def drafted_awaiting_approval(user) -> list:
    return awaiting.drafted_awaiting(user)
