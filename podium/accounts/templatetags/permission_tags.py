"""`{% may_open "url-name" arg… as name %}`: show a link only to those its page lets in."""

from __future__ import annotations

from typing import Any

from django import template

from podium.accounts.permissions import may_open as user_may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open(context: template.Context, url_name: str, *args: Any) -> bool:
    return user_may_open(context["user"], url_name, *args)
