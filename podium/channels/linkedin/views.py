"""Connecting an executive's LinkedIn account (GET ?person=<slug>, then LinkedIn's callback)."""

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
from podium.channels.linkedin import oauth
from podium.channels.models import Network
from podium.org.access import access_person

TEMPLATE = "channels/linkedin/connect_problem.html"


def _problem(request: HttpRequest, message: str, *, status: int, slug: str = "") -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {"title": "Connect LinkedIn", "message": message, "person_slug": slug},
        status=status,
    )


@role_required(set(Role))
def connect(request: HttpRequest) -> HttpResponse:
    person = access_person(request.user, request.GET.get("person", ""), for_edit=True)  # type: ignore[arg-type]
    if not oauth.configured():
        return _problem(
            request,
            "LinkedIn is not set up on this Podium yet: an administrator must register an app "
            "with LinkedIn and set PODIUM_LINKEDIN_CLIENT_ID and PODIUM_LINKEDIN_CLIENT_SECRET.",
            status=503,
            slug=person.slug,
        )
    return oauth2.begin(
        request,
        network=Network.LINKEDIN,
        person_slug=person.slug,
        authorize_url=oauth.AUTHORIZE_URL,
        client_id=settings.LINKEDIN_CLIENT_ID,
        scopes=oauth.SCOPES,
        pkce=False,
    )


@role_required(set(Role))
def callback(request: HttpRequest) -> HttpResponse:
    user = request.user
    try:
        pending, code = oauth2.finish(request, network=Network.LINKEDIN, label=oauth.LABEL)
    except oauth2.OAuthRefused as refused:
        return _problem(request, refused.message, status=400)
    person = access_person(user, pending.person_slug, for_edit=True)  # type: ignore[arg-type]
    try:
        tokens = oauth.exchange_code(code, pending.redirect_uri)
        member = oauth.member(tokens)
    except ChannelError as error:
        return _problem(request, error.message, status=502, slug=person.slug)
    if oauth.WRITE_SCOPE not in tokens.scopes.split():
        return _problem(
            request,
            f"LinkedIn did not grant Podium the {oauth.WRITE_SCOPE} permission, which posting "
            "needs: connect again and allow posting; if LinkedIn does not offer it, an "
            'administrator must add the "Share on LinkedIn" product to Podium\'s LinkedIn app.',
            status=400,
            slug=person.slug,
        )
    account = do_connect_account(
        user,
        person,
        Network.LINKEDIN,
        handle=member["name"],
        remote_account_id=member["id"],
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_expires_at=tokens.expires_at,
        scopes=tokens.scopes,
        max_chars=LIMITS["linkedin"].max_chars,
    )
    messages.success(request, f"LinkedIn account {account.handle} is connected.")
    return redirect("channels-list-accounts-of", slug=person.slug)
