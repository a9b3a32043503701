"""Channel pages shared by every network: a person's accounts, and disconnecting one.

Each network's connect flow lives in its own module (podium/channels/<network>/views.py) and
registers a URL named `channels-connect-<network>`; this page links to it with
`?person=<slug>`, and hides the button while that URL does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.http import urlencode

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.channels.access import access_channel_account
from podium.channels.actions import do_disconnect_account, publication_holds
from podium.channels.base import Revocation
from podium.channels.models import ChannelAccount, Network
from podium.channels.registry import connector_class
from podium.org.access import access_person, can_edit_person
from podium.org.models import Person

# Networks one connects through OAuth or a password (the blog needs no connecting).
CONNECTABLE = (Network.MASTODON, Network.BLUESKY, Network.LINKEDIN, Network.X)
ICONS = {
    Network.MASTODON: "brand-mastodon",
    Network.BLUESKY: "brand-bluesky",
    Network.LINKEDIN: "brand-linkedin",
    Network.X: "brand-x",
}

# How the outcome of revoking Podium's access is shown after a disconnect.
REVOCATION_LEVELS = {
    Revocation.REVOKED: messages.SUCCESS,
    Revocation.NOTHING: messages.INFO,
    Revocation.BY_HAND: messages.WARNING,
    Revocation.FAILED: messages.WARNING,
}


@dataclass(frozen=True)
class ConnectButton:
    network: str
    label: str
    icon: str
    url: str
    unavailable: str = ""  # why the network cannot be connected yet (not set up by an admin)


def connect_url(network: str, person: Person) -> str | None:
    """The network's connect page for `person`, or None while the network has none yet."""
    try:
        base = reverse(f"channels-connect-{network}")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'person': person.slug})}"


def connect_buttons(person: Person) -> list[ConnectButton]:
    buttons = []
    for network in CONNECTABLE:
        url = connect_url(network, person)
        if url:
            why_not = getattr(resolve(url.split("?")[0]).func, "unavailable", lambda: "")()
            buttons.append(ConnectButton(network, network.label, ICONS[network], url, why_not))
    return buttons


@role_required(set(Role))
def list_accounts(request: SignedInRequest) -> HttpResponse:
    """/channels/: the signed-in executive's own accounts, else whom they act for."""
    user = request.user
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return list_accounts_of(request, person.slug)
    acts_for = list(Person.objects.filter(delegations__user=user, is_active=True))
    if len(acts_for) == 1:
        return redirect("channels-list-accounts-of", slug=acts_for[0].slug)
    return render(
        request,
        "channels/choose_person.html",
        {"title": "Channels", "acts_for": acts_for},
    )


@role_required(set(Role))
def list_accounts_of(request: SignedInRequest, slug: str) -> HttpResponse:
    user = request.user
    person = access_person(user, slug)
    accounts = list(
        person.channel_accounts.exclude(network=Network.BLOG).order_by("network", "handle")
    )
    waiting = publication_holds().count_held(accounts)
    can_manage = can_edit_person(user, person)
    buttons = connect_buttons(person) if can_manage else []
    reconnect = {b.network: b.url for b in buttons}
    for account in accounts:
        # Read by the template beside the account; not fields.
        account.waiting = waiting.get(account.pk, 0)  # type: ignore[attr-defined]
        account.reconnect_url = reconnect.get(account.network, "")  # type: ignore[attr-defined]
    own = person.user_id == user.pk
    return render(
        request,
        "channels/list_accounts.html",
        {
            "title": "Your channels" if own else f"{person.name}'s channels",
            "person": person,
            "own": own,
            "accounts": accounts,
            "can_manage": can_manage,
            "buttons": buttons,
            "needing_attention": sum(
                a.status == ChannelAccount.Status.NEEDS_RECONNECT for a in accounts
            ),
        },
    )


@role_required(set(Role))
def disconnect_account(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (and says what happens at the network); POST disconnects."""
    user = request.user
    account = access_channel_account(user, pk, for_edit=True)
    label = account.get_network_display()
    if request.method == "POST":
        revocation = do_disconnect_account(user, account)
        messages.success(
            request,
            f"{label} account {account.handle} is disconnected. "
            "Anything scheduled for it waits until it is connected again.",
        )
        level = REVOCATION_LEVELS.get(revocation.outcome, messages.WARNING)
        text = " ".join(t for t in (revocation.message, revocation.advice) if t)
        if text:
            messages.add_message(request, level, text)
        return redirect("channels-list-accounts-of", slug=account.person.slug)
    scheduled = publication_holds().count_scheduled(account)
    demo = account.status == ChannelAccount.Status.DEMO
    return render(
        request,
        "channels/disconnect_account.html",
        {
            "title": f"Disconnect {account.handle}",
            "account": account,
            "person": account.person,
            "scheduled": scheduled,
            "revoke_note": "" if demo else connector_class(account.network).revoke_note,
        },
    )
