"""The public identity's sign-in: a signed cookie of its own, apart from staff sign-in.

The cookie holds the identity's id and its `session_version` (signed with SECRET_KEY under
this module's salt); signing out everywhere or deleting the identity makes it worthless."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from podium.ideas.models import Identity

COOKIE = "podium_ideas"
SALT = "podium.ideas.identity"
MAX_AGE = 90 * 24 * 60 * 60


def current_identity(request: HttpRequest) -> Identity | None:
    if hasattr(request, "_podium_identity"):
        return request._podium_identity
    identity = None
    try:
        value = request.get_signed_cookie(COOKIE, salt=SALT, max_age=MAX_AGE) or ""
    except (KeyError, signing.BadSignature):
        value = ""
    pk, _, version = value.partition(":")
    if pk.isdigit() and version.isdigit():
        identity = Identity.objects.filter(pk=int(pk), session_version=int(version)).first()
    request._podium_identity = identity  # type: ignore[attr-defined]
    return identity


def sign_in(response: HttpResponse, identity: Identity) -> None:
    response.set_signed_cookie(
        COOKIE,
        f"{identity.pk}:{identity.session_version}",
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def sign_out(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")
