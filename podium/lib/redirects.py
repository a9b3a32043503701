"""Where a form sends people back to: the page it came from, when that page is on this site.

A `next` field or a stored link is only followed to this host (never to another site, an
open redirect); anything else goes to the view's default page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def on_this_site(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def back(request: HttpRequest, default: str) -> HttpResponse:
    """To the `next` path the form gave when it is on this site, else to `default` (a URL
    name or a path)."""
    target = request.POST.get("next", "")
    return redirect(target if on_this_site(request, target) else default)
