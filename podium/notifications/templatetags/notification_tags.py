"""The bell in templates, so base.html needs no view changes.

{% unread_notification_count user as n %}    the bell's count (one query per request)
"""

from __future__ import annotations

from django import template

from podium.notifications.actions import unread_count

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    # base.html shows the bell twice (phone and desktop headers): count once per request.
    if not hasattr(user, "_podium_unread_notifications"):
        user._podium_unread_notifications = unread_count(user)
    return user._podium_unread_notifications
