"""The connect pages of networks that use OAuth 2.0 with an app registered once (LinkedIn, X).

Both networks connect the same way: `/channels/connect/<network>/?person=<slug>` sends the
person to the network's consent page (oauth2.begin), and the network's callback exchanges the
code, reads who signed in and stores the account (do_connect_account). What differs is
described by an `OAuthNetwork` in the network's own views.py: its scopes, PKCE, how the code
is exchanged, and how the account is read and checked. Mastodon (an app per instance) and
Bluesky (app passwords) have their own pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.channels import oauth2
from podium.channels.actions import do_connect_account
from podium.channels.base import ChannelError
from podium.channels.limits import LIMITS
from podium.org.access import access_person

TEMPLATE = "channels/oauth_problem.html"
ICONS = {"linkedin": "brand-linkedin", "x": "brand-x"}


@dataclass(frozen=True)
class Account:
    """Who signed in at the network, as the account is stored (and what to warn about)."""

    handle: str
    remote_account_id: str
    profile_url: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class OAuthNetwork:
    """What one network's connect flow does differently from the others."""

    network: str
    label: str
    authorize_url: str
    scopes: list[str]
    pkce: bool
    configured: Callable[[], bool]
    client_id: Callable[[], str]
    not_configured: str  # what an administrator must do, shown while `configured()` is False
    exchange: Callable[[str, oauth2.Pending], oauth2.TokenSet]
    # Reads the account with the new tokens; raises ChannelError when the network fails and
    # oauth2.OAuthRefused when the grant lacks what posting needs.
    read_account: Callable[[oauth2.TokenSet], Account]
    extra: dict[str, str] = field(default_factory=dict)


def _problem(
    request: HttpRequest, spec: OAuthNetwork, message: str, *, status: int, slug: str = ""
) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {
            "title": f"Connect {spec.label}",
            "label": spec.label,
            "icon": ICONS.get(spec.network, "plug"),
            "retry_url_name": f"channels-connect-{spec.network}",
            "message": message,
            "person_slug": slug,
        },
        status=status,
    )


def connect_view(spec: OAuthNetwork) -> Callable[[HttpRequest], HttpResponse]:
    """GET ?person=<slug>: off to the network's consent page (or why that cannot happen)."""

    @role_required(set(Role))
    def connect(request: SignedInRequest) -> HttpResponse:
        person = access_person(request.user, request.GET.get("person", ""), for_edit=True)
        if not spec.configured():
            return _problem(request, spec, spec.not_configured, status=503, slug=person.slug)
        return oauth2.begin(
            request,
            network=spec.network,
            person_slug=person.slug,
            authorize_url=spec.authorize_url,
            client_id=spec.client_id(),
            scopes=spec.scopes,
            pkce=spec.pkce,
            extra=spec.extra or None,
        )

    # Read by the channels page, which lists a network it cannot connect yet with this reason
    # instead of linking to a page that answers 503.
    connect.unavailable = lambda: "" if spec.configured() else spec.not_configured
    return connect


def callback_view(spec: OAuthNetwork) -> Callable[[HttpRequest], HttpResponse]:
    """The network sends the browser back here with a code (or an error)."""

    @role_required(set(Role))
    def callback(request: SignedInRequest) -> HttpResponse:
        user = request.user
        try:
            pending, code = oauth2.finish(request, network=spec.network, label=spec.label)
        except oauth2.OAuthRefused as refused:
            return _problem(request, spec, refused.message, status=400)
        person = access_person(user, pending.person_slug, for_edit=True)
        try:
            tokens = spec.exchange(code, pending)
            found = spec.read_account(tokens)
        except ChannelError as error:
            return _problem(request, spec, error.message, status=502, slug=person.slug)
        except oauth2.OAuthRefused as refused:
            return _problem(request, spec, refused.message, status=400, slug=person.slug)
        account = do_connect_account(
            user,
            person,
            spec.network,
            handle=found.handle,
            remote_account_id=found.remote_account_id,
            profile_url=found.profile_url,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_expires_at=tokens.expires_at,
            scopes=tokens.scopes,
            max_chars=LIMITS[spec.network].max_chars,
        )
        messages.success(request, f"{spec.label} account {account.handle} is connected.")
        for warning in found.warnings:
            messages.warning(request, warning)
        return redirect("channels-list-accounts-of", slug=person.slug)

    return callback
