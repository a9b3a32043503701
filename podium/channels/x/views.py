"""Connecting an executive's X account (GET ?person=<slug>, then X's callback)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import role_required
from podium.accounts.roles import Role
from podium.channels import oauth2
from podium.channels.actions import do_connect_account
from podium.channels.base import ChannelError
from podium.channels.limits import LIMITS
from podium.channels.models import Network
from podium.channels.x import oauth
from podium.org.access import access_person

TEMPLATE = "channels/x/connect_problem.html"


def _problem(request: HttpRequest, message: str, *, status: int, slug: str = "") -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {"title": "Connect X", "message": message, "person_slug": slug},
        status=status,
    )


@role_required(set(Role))
def connect(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user, request.GET.get("person", ""), for_edit=True)  # type: ignore[arg-type]
    if not oauth.configured():
        return _problem(
            request,
            "X is not set up on this Podium yet: an administrator must register an app with X "
            "and set PODIUM_X_CLIENT_ID and PODIUM_X_CLIENT_SECRET.",
            status=503,
            slug=person.slug,
        )
    return oauth2.begin(
        request,
        network=Network.X,
        person_slug=person.slug,
        authorize_url=oauth.AUTHORIZE_URL,
        client_id=settings.X_CLIENT_ID,
        scopes=oauth.SCOPES,
        pkce=True,
    )


@role_required(set(Role))
def callback(request: HttpRequest) -> HttpResponse:
    user = request.user
    try:
        pending, code = oauth2.finish(request, network=Network.X, label=oauth.LABEL)
    except oauth2.OAuthRefused as refused:
        return _problem(request, refused.message, status=400)
    person = access_person(user, pending.person_slug, for_edit=True)  # type: ignore[arg-type]
    try:
        tokens = oauth.exchange_code(code, pending.redirect_uri, pending.verifier)
        account_info = oauth.me(tokens)
    except ChannelError as error:
        return _problem(request, error.message, status=502, slug=person.slug)
    granted = set(tokens.scopes.split())
    missing = [scope for scope in oauth.REQUIRED_SCOPES if scope not in granted]
    if missing:
        return _problem(
            request,
            f"X did not grant Podium {', '.join(missing)}, which posting needs: connect again "
            "and allow everything Podium asks for.",
            status=400,
            slug=person.slug,
        )
    account = do_connect_account(
        user,
        person,
        Network.X,
        handle="@" + account_info["username"],
        remote_account_id=account_info["id"],
        profile_url=f"https://x.com/{account_info['username']}",
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_expires_at=tokens.expires_at,
        scopes=tokens.scopes,
        max_chars=LIMITS["x"].max_chars,
    )
    messages.success(request, f"X account {account.handle} is connected.")
    if oauth.MEDIA_SCOPE not in granted:
        messages.warning(
            request,
            f"X did not grant {oauth.MEDIA_SCOPE}: posts with images will fail until X is "
            "connected again with it.",
        )
    return redirect("channels-list-accounts-of", slug=person.slug)
