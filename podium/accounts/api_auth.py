"""The API's authentication and role checks: who is calling (a personal token or the signed-in
browser session) and whether their role may do what they ask. Beside the tokens and roles they
check; the error shapes and schemas every router shares are in `podium.lib.api`."""

from __future__ import annotations

from collections.abc import Iterable

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from podium.accounts import permissions
from podium.accounts.actions import authenticate_token
from podium.accounts.middleware import RequireTwoFactorMiddleware
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.lib.access_log import TOKEN_QUERY_PARAMETERS


class BearerToken(HttpBearer):
    """A personal API token. A token that is sent but not valid is refused outright rather
    than falling back to the browser session, so a client learns its token is wrong."""

    def __call__(self, request: HttpRequest) -> User | None:
        if TOKEN_QUERY_PARAMETERS & set(request.GET):
            raise HttpError(
                400,
                "Send the API token in the header `Authorization: Bearer <token>`, never in "
                "the address: addresses end up in logs and browser history. If you sent a "
                "real token this way, revoke it under Settings → API tokens (/settings/tokens/) "
                "and create a new one.",
            )
        # Another scheme (say, Basic from a proxy in front of Podium) is not ours to judge:
        # the browser session may still authenticate the request.
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token)
        if user is None:
            raise AuthenticationError(
                message="This API token is not valid: it was revoked or mistyped, or its user "
                "was deactivated. Create a new one under Settings → API tokens "
                "(/settings/tokens/)."
            )
        request.podium_auth = "token"  # type: ignore[attr-defined]  # ours, for require_browser_session
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session, so the UI and the interactive docs can call the API.
    Writes need the CSRF token in the X-CSRFToken header, as for any form."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a session that signs someone in needs the CSRF check; a stale or made-up cookie
        # is simply no credential (401), like no cookie at all.
        key = request.COOKIES.get(self.param_name)
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if key and request.user.is_authenticated and not exempt and check_csrf(request):
            raise HttpError(
                403,
                "The CSRF check failed. From a browser, send the csrftoken cookie's value in "
                "the X-CSRFToken header; from a script, use an API token instead.",
            )
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if needs_two_factor_enrolment(user):
            raise PermissionDenied(
                "Your administrator requires two-factor sign-in: enrol at "
                f"{reverse('mfa_activate_totp')} before using the API from the browser."
            )
        request.podium_auth = "session"  # type: ignore[attr-defined]  # ours, as above
        return user


def needs_two_factor_enrolment(user: User) -> bool:
    """The same rule the UI enforces with RequireTwoFactorMiddleware."""
    return (
        RequireTwoFactorMiddleware._required(user)  # one rule, one place
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def require_browser_session(request: HttpRequest, what: str) -> None:
    """Refuse `what` over an API token: only a person signed in at a browser may do it.

    Managing tokens is the one thing a token must not do, so that a token that leaks (from a
    script, a CI log) cannot mint fresh tokens that outlive its revocation, nor list the others.
    """
    if getattr(request, "podium_auth", None) != "session":
        raise PermissionDenied(
            f"{what} needs a signed-in browser session, not an API token, so that a leaked "
            "token cannot create or find others. Sign in to Podium and use Settings → API "
            "tokens (/settings/tokens/), or the API docs (/api/docs) in that browser."
        )


def actor(request: HttpRequest) -> User:
    """The authenticated user (every endpoint requires authentication)."""
    return request.auth  # type: ignore[attr-defined]  # set by django-ninja's authentication


def require_role(user: User, roles: Iterable[Role], what: str) -> None:
    """The UI's role check, refusing with a message that names the roles that may do `what`."""
    allowed = sorted(roles, key=list(Role).index)
    try:
        permissions.require_role(user, allowed)
    except PermissionDenied:
        labels = " or ".join(Role(r).label for r in allowed)
        raise PermissionDenied(
            f"{what} needs the {labels} role; yours is {Role(user.role).label}. "
            "Ask an administrator if you need it."
        ) from None
