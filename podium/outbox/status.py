"""What a post's status page says about each of its publications, in the executive's words.

Per network: sent (with a link to the remote post), waiting (and why), sending, checking (an
outcome being confirmed with the network), failed (the reason, and a retry for those who may
edit the executive), unscheduled. Times are shown in the executive's own timezone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import dateformat, timezone

from podium.accounts.models import User
from podium.channels.models import ChannelAccount
from podium.org.access import can_edit_person
from podium.outbox import public as outbox
from podium.outbox.models import Publication

if TYPE_CHECKING:
    from podium.publishing.models import Post

State = Publication.State
# While any publication is in one of these, the page keeps asking for news.
IN_FLIGHT = frozenset({State.SCHEDULED, State.CLAIMED, State.UNKNOWN})
POLL_SECONDS = 3


@dataclass(frozen=True)
class Line:
    """One publication as the status page shows it."""

    publication: Publication
    kind: str  # sent | waiting | sending | checking | failed | unscheduled
    label: str
    detail: str
    url: str = ""
    can_retry: bool = False
    can_approve: bool = False  # the reader is the executive this line waits for

    @property
    def account(self) -> ChannelAccount:
        return self.publication.channel_account

    @property
    def badge(self) -> str:
        return BADGES[self.kind]


BADGES = {
    "sent": "bg-green-lt",
    "waiting": "bg-yellow-lt",
    "sending": "bg-blue-lt",
    "checking": "bg-azure-lt",
    "failed": "bg-red-lt",
    "unscheduled": "bg-secondary-lt",
}


def local_time(when: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """`when` as the executive reads it: "Tue 24 Nov 2026, 09:30 (Europe/London)"."""
    return f"{dateformat.format(when.astimezone(zone), 'D j M Y, H:i')} ({zone.key})"


def describe(
    publication: Publication,
    *,
    may_edit: bool,
    now: dt.datetime | None = None,
    reader: User | None = None,
) -> Line:
    now = now or timezone.now()
    zone = publication.post.person.zone
    account = publication.channel_account
    network = account.get_network_display()
    state = publication.state

    if state == State.SENT:
        sent = local_time(publication.sent_at, zone) if publication.sent_at else ""
        url = publication.remote_url
        safe_url = url if url.startswith(("https://", "http://")) else ""  # never javascript:
        return Line(publication, "sent", "Sent", f"Sent {sent}".strip(), safe_url)
    if state == State.FAILED:
        reason = publication.last_error or "The network refused the post."
        return Line(publication, "failed", "Failed", reason, can_retry=may_edit)
    if state == State.CANCELLED:
        return Line(publication, "unscheduled", "Unscheduled", "Taken off the schedule.")
    if state == State.CLAIMED:
        return Line(publication, "sending", "Sending", f"Sending to {network} now.")
    if state == State.UNKNOWN:
        detail = (
            f"Checking with {network} whether it went out; it is not sent again until {network} "
            "says it never arrived."
        )
        if not account.can_publish:
            detail += " " + _account_problem(account)
        return Line(publication, "checking", "Checking", detail)
    if state == State.HELD:
        return Line(
            publication,
            "waiting",
            "Waiting",
            _held_reason(publication, reader),
            can_approve=publication.waits_for(reader),
        )
    return Line(publication, "waiting", "Waiting", _scheduled_reason(publication, now))


def _held_reason(publication: Publication, reader: User | None) -> str:
    account = publication.channel_account
    reason = publication.waiting_reason_for(reader)
    if not account.can_publish and account.status_reason not in reason:
        reason = f"{reason} {_account_problem(account)}"
    return reason


def _scheduled_reason(publication: Publication, now: dt.datetime) -> str:
    zone = publication.post.person.zone
    account = publication.channel_account
    due = local_time(publication.due_at, zone)
    if publication.error_kind == outbox.RATE_LIMITED:
        reason = f"Rate-limited by {account.get_network_display()} until {due}."
    elif publication.error_kind == outbox.TRANSIENT:
        reason = f"A temporary error ({publication.last_error}); trying again at {due}."
    elif publication.due_at <= now:
        reason = "Due now: on its way."
    else:
        reason = f"Scheduled for {due}."
    if not account.can_publish:
        reason = f"{reason} {_account_problem(account)}"
    return reason


def _account_problem(account: ChannelAccount) -> str:
    network = account.get_network_display()
    if account.status == ChannelAccount.Status.NEEDS_RECONNECT:
        why = f": {account.status_reason}" if account.status_reason else "."
        return f"The {network} account needs reconnecting{why}"
    if account.status == ChannelAccount.Status.DEMO:
        return account.status_reason or "Demo account: Podium never contacts it."
    return f"The {network} account is not connected."


def post_status(post: Post, user: User) -> list[Line]:
    """Every publication of `post`, described for `user` (who may see the post)."""
    may_edit = can_edit_person(user, post.person)
    publications = post.publications.select_related(
        "channel_account", "post__person", "revision"
    ).order_by("channel_account__network", "channel_account__handle", "pk")
    now = timezone.now()
    return [describe(p, may_edit=may_edit, now=now, reader=user) for p in publications]


def in_flight(lines: list[Line]) -> bool:
    return any(line.publication.state in IN_FLIGHT for line in lines)
