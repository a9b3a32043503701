"""Writes to channel accounts, shared by every network's connect flow and by the outbox.

Each action audits its change in the same transaction (tokens never reach the audit: the
snapshot leaves out fields named access_token/refresh_token). When an account can no longer
publish, everything scheduled for it is held with the reason shown, and released again when
the account is connected anew: nothing scheduled is ever dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import AbstractContextManager
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.channels.base import Revocation
from podium.channels.models import ChannelAccount, Network
from podium.channels.registry import connector_for
from podium.governance import audit
from podium.org.access import can_edit_person
from podium.org.models import Person

# What the audit keeps of an account (the snapshot skips the tokens whatever this lists).
AUDITED_FIELDS = (
    "person",
    "network",
    "handle",
    "profile_url",
    "status",
    "status_reason",
    "instance_url",
    "remote_account_id",
    "token_expires_at",
    "scopes",
    "connected_at",
    "max_chars",
)
logger = logging.getLogger(__name__)
REASON_MAX = 300  # ChannelAccount.status_reason


def _changing(
    account: ChannelAccount, actor: Any, action: str, via: str
) -> AbstractContextManager[dict[str, Any]]:
    return audit.changing(account, actor=actor, action=action, via=via, fields=AUDITED_FIELDS)


def _label(network: str) -> str:
    return str(Network(network).label)


class PublicationHolds(Protocol):
    """What becomes of the posts scheduled for an account: the outbox's business, asked here.

    The outbox sits above channels (it sends through the connectors), so channels does not
    import it: the outbox registers itself when Django starts (OutboxConfig.ready).
    """

    def hold_account(self, account: ChannelAccount, *, actor: Any, via: str) -> int: ...

    def release_account(self, account: ChannelAccount, *, actor: Any, via: str) -> int: ...

    def count_held(self, accounts: list[ChannelAccount]) -> dict[int, int]: ...

    def count_scheduled(self, account: ChannelAccount) -> int: ...


_holds: PublicationHolds | None = None


def register_publication_holds(holds: PublicationHolds) -> None:
    global _holds  # set once at start-up, by the outbox app
    _holds = holds


def publication_holds() -> PublicationHolds:
    if _holds is None:
        raise ImproperlyConfigured(
            "podium.outbox is not in INSTALLED_APPS: nothing would hold an account's posts."
        )
    return _holds


def _check_may_manage(actor: Any, person: Person) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to manage channel accounts.")
    if not can_edit_person(actor, person):
        raise PermissionDenied("You may not manage this person's channel accounts.")


def _existing(
    person: Person, network: str, handle: str, instance_url: str, remote_account_id: str
) -> ChannelAccount | None:
    """The account being reconnected: same remote account on the same server, else same handle."""
    accounts = ChannelAccount.objects.select_for_update().filter(person=person, network=network)
    if remote_account_id:
        same = accounts.filter(remote_account_id=remote_account_id, instance_url=instance_url)
        if account := same.first():
            return account
    return accounts.filter(handle=handle).first()


@transaction.atomic
def do_connect_account(
    actor: Any,
    person: Person,
    network: str,
    *,
    handle: str,
    access_token: str,
    instance_url: str = "",
    remote_account_id: str = "",
    refresh_token: str = "",
    token_expires_at: dt.datetime | None = None,
    scopes: str = "",
    max_chars: int | None = None,
    profile_url: str = "",
    via: str = "web",
) -> ChannelAccount:
    """Store a freshly authorised account as CONNECTED (creating or updating it).

    Reconnecting an account releases the publications that were held because it needed
    reconnecting (or was disconnected): they go back to scheduled.
    """
    _check_may_manage(actor, person)
    account = _existing(person, network, handle, instance_url, remote_account_id)
    reconnecting = account is not None
    if account is None:
        account = ChannelAccount(person=person, network=network)
    action = "channel.reconnected" if reconnecting else "channel.connected"
    with _changing(account, actor, action, via) as also:
        account.handle = handle
        account.profile_url = profile_url or account.profile_url
        account.instance_url = instance_url
        account.remote_account_id = remote_account_id
        account.access_token = access_token
        account.refresh_token = refresh_token
        account.token_expires_at = token_expires_at
        account.scopes = scopes
        account.max_chars = max_chars
        account.status = ChannelAccount.Status.CONNECTED
        account.status_reason = ""
        account.connected_at = timezone.now()
        account.save()
        holds = publication_holds()
        released = holds.release_account(account, actor=actor, via=via) if reconnecting else 0
        if released:
            also["publications_released"] = released
    return account


def do_disconnect_account(actor: Any, account: ChannelAccount, *, via: str = "web") -> Revocation:
    """Take back Podium's access at the network where it can, then forget the account's tokens.

    Revoking is best effort and happens first, outside the transaction (a network call must
    not hold a row lock): whatever the network answers, or if it does not answer, the tokens
    are forgotten and what was scheduled waits until the account is connected again. The
    answer is returned for the page and kept in the audit entry.
    """
    _check_may_manage(actor, account.person)
    revocation = revoke_access(account)
    _forget_account(actor, account, revocation, via=via)
    return revocation


def revoke_access(account: ChannelAccount) -> Revocation:
    """The connector's revoke(), never raising: an unexpected error is a failed revocation."""
    label = _label(account.network)
    if account.status == ChannelAccount.Status.DEMO or not (
        account.access_token or account.refresh_token
    ):
        return Revocation(Revocation.NOTHING, f"Podium held no {label} access to revoke.")
    try:
        return connector_for(account).revoke()
    except Exception:  # best effort: nothing may stop the disconnect
        logger.exception("Revoking %s access of channel account %s failed", label, account.pk)
        return Revocation(
            Revocation.FAILED,
            f"Podium could not ask {label} to revoke its access (an unexpected error).",
            advice=f"Remove Podium from the account's connected apps in {label}'s settings.",
        )


@transaction.atomic
def _forget_account(
    actor: Any, account: ChannelAccount, revocation: Revocation, *, via: str
) -> None:
    account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
    with _changing(account, actor, "channel.disconnected", via) as also:
        account.status = ChannelAccount.Status.DISCONNECTED
        account.status_reason = ""
        account.access_token = ""
        account.refresh_token = ""
        account.token_expires_at = None
        account.save()
        if held := publication_holds().hold_account(account, actor=actor, via=via):
            also["publications_held"] = held
        also["revocation"] = revocation.outcome


@transaction.atomic
def do_mark_needs_reconnect(
    account: ChannelAccount, reason: str, *, actor: Any = None, via: str = "system"
) -> int:
    """The token no longer works: hold what is scheduled, and tell the owner and delegates.

    Called by connectors' callers (the outbox) when a network answers AuthExpired; calling it
    again while the account still needs reconnecting holds newly scheduled posts but sends no
    second email. Returns how many scheduled publications are now held.
    """
    account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
    reason = reason.strip()[:REASON_MAX] or "the network refused Podium's access."
    already_told = account.status == ChannelAccount.Status.NEEDS_RECONNECT
    with _changing(account, actor, "channel.needs_reconnect", via) as also:
        account.status = ChannelAccount.Status.NEEDS_RECONNECT
        account.status_reason = reason
        account.save(update_fields=["status", "status_reason"])
        held = publication_holds().hold_account(account, actor=actor, via=via)
        also["publications_held"] = held
    recipients = [] if already_told else _owner_emails(account.person)
    if recipients:  # once per lost connection, however many posts run into it
        subject, body = _reconnect_message(account, reason, held)
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )
    return held


def _owner_emails(person: Person) -> list[str]:
    """The executive and whoever acts for them."""
    emails = []
    if person.user is not None and person.user.is_active and person.user.email:
        emails.append(person.user.email)
    for delegation in person.delegations.select_related("user"):
        if delegation.user.is_active and delegation.user.email not in emails:
            emails.append(delegation.user.email)
    return emails


def _reconnect_message(account: ChannelAccount, reason: str, held: int) -> tuple[str, str]:
    label = _label(account.network)
    url = settings.PODIUM_BASE_URL + reverse(
        "channels-list-accounts-of", args=[account.person.slug]
    )
    waiting = (
        f"{held} scheduled post{'s' if held != 1 else ''} for this account "
        f"{'are' if held != 1 else 'is'} waiting and will go out once it is reconnected."
        if held
        else "Nothing scheduled for this account is waiting."
    )
    subject = f"Reconnect {account.person.name}'s {label} account"
    body = (
        f"Podium can no longer post to {account.person.name}'s {label} account "
        f"{account.handle}.\n\nWhy: {reason}\n\n{waiting}\n\n"
        f"Reconnect it here: {url}\n"
    )
    return subject, body
