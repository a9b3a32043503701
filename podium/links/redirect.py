"""The redirect path: `GET /l/<code>` answers 302 to the link's stored destination, or 404.

No database round trip per click: a code's destination is kept in the cache (forgotten when
the link changes: `forget()`), and the click is appended to this process's file before the
answer goes out (clicks.py). Never anywhere else: the Location is the destination Podium
stored, with only the click's `pd` id added to its query; no cookie is set and the
destination learns no more of where the click came from than this site's origin.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from podium.accounts.addresses import client_ip
from podium.links import clicks
from podium.links.models import CODE_MAX, ShortLink

CODE = re.compile(rf"[0-9A-Za-z]{{4,{CODE_MAX}}}")
KEY = "links:code:"
CACHE_SECONDS = 24 * 3600
MISSING_SECONDS = 60  # an unknown code is asked again after a minute
CLICK_PARAMETER = "pd"


def forget(code: str) -> None:
    """Drop a code from the cache (its link was changed, made inactive or deleted)."""
    cache.delete(KEY + code)


def destination_of(code: str) -> tuple[int, str] | None:
    """(link id, destination) of an active link, from the cache, else the database once."""
    if not CODE.fullmatch(code):
        return None
    kept: Any = cache.get(KEY + code)
    if kept is None:
        link = ShortLink.objects.filter(code=code, active=True).values("pk", "destination").first()
        kept = [link["pk"], link["destination"]] if link else 0
        cache.set(KEY + code, kept, CACHE_SECONDS if link else MISSING_SECONDS)
    return (int(kept[0]), str(kept[1])) if kept else None


def with_click_id(destination: str, click_id: str) -> str:
    parts = urlsplit(destination)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=f"{query}{CLICK_PARAMETER}={click_id}"))


def referrer_origin(referrer: str) -> str:
    parts = urlsplit(referrer[:2000])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"[: clicks.REFERRER_MAX]


def _not_found(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("links/unknown_link.html", {"title": "No such link"}, request),
        status=404,
    )
    response["Referrer-Policy"] = "origin"
    return response


@require_safe
def follow(request: HttpRequest, code: str) -> HttpResponse:
    found = destination_of(code)
    if found is None:
        return _not_found(request)
    link_id, destination = found
    click_id = secrets.token_urlsafe(12)
    agent = request.META.get("HTTP_USER_AGENT", "")[: clicks.USER_AGENT_MAX]
    clicks.append(
        {
            "id": click_id,
            "link": link_id,
            "m": request.method,
            "p": request.META.get("HTTP_SEC_PURPOSE", "") or request.META.get("HTTP_PURPOSE", ""),
            "ua": agent,
            "v": clicks.visitor_hash(client_ip(request) or "", agent),
            "r": referrer_origin(request.META.get("HTTP_REFERER", "")),
        }
    )
    response = HttpResponse(status=302)
    response["Location"] = with_click_id(destination, click_id)
    response["Referrer-Policy"] = "origin"
    response["Cache-Control"] = "no-store"
    return response
