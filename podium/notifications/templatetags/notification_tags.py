"""The bell in templates, so base.html needs no view changes.

{% unread_notification_count user as n %}    the bell's count (one query per request)
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from podium.accounts.models import User
from podium.notifications.actions import unread_count

register = template.Library()


@register.simple_tag
def unread_notification_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    # base.html shows the bell twice (phone and desktop headers): count once per request,
    # kept on this request's user object (not a field of User, hence the ignores).
    if not hasattr(user, "_podium_unread_notifications"):
        user._podium_unread_notifications = unread_count(user)  # type: ignore[attr-defined]
    return user._podium_unread_notifications  # type: ignore[attr-defined]
