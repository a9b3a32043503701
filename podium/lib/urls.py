"""A page's URL declared once, its name derived: `<app>-<verb>-<noun>` from the app and the
view (`accounts` and `list_users` make `accounts-list-users`), so the naming rule holds by
construction and a link names what the view does.

    page = pages("accounts")
    urlpatterns = [page("manage/users/", views.list_users), ...]

A name kept from before a move (planning's `publishing-` names, governance's
`org-program-home`) is given as `name=`, with why beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path


def url_name(app: str, view: Callable[..., Any]) -> str:
    return f"{app}-{view.__name__.replace('_', '-')}"


def pages(app: str) -> Callable[..., URLPattern]:
    """path() for `app`'s views, each named url_name(app, view) unless `name` says otherwise."""

    def page(route: str, view: Callable[..., Any], *, name: str = "") -> URLPattern:
        return path(route, view, name=name or url_name(app, view))

    return page
