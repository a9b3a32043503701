"""How a publication's row changes: each change is conditional and audited in one transaction.

This module is the only code that changes a publication's state: every outcome of a send or a
check, and what other apps ask for (schedule, hold, release, cancel, reschedule), so the
audit log has one entry per change and no change happens behind another's back.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from podium.channels import base
from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.models import ChannelAccount
from podium.governance import audit
from podium.outbox.models import Publication
from podium.outbox.notices import notify_publication_failed

State = Publication.State
Hold = Publication.Hold

# Retries after temporary errors: 30 s, 2 min, 8 min, 32 min, then hourly; failed after this.
MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = settings.PUBLISH_BACKOFF_BASE_SECONDS
BACKOFF_FACTOR = 4
BACKOFF_CAP_SECONDS = 3600
BACKOFF_JITTER = 0.1  # ± 10 %, so that retries of one outage do not arrive together

# error_kind values: why a publication waits or failed (shown on the status page).
AUTH = "auth_expired"
ACCOUNT = "account"
RATE_LIMITED = "rate_limited"
TRANSIENT = "transient"
INVALID = "invalid"
UNKNOWN = "unknown"
LEASE_EXPIRED = "lease_expired"
PREPARE = "prepare"
NOT_FOUND = "not_found"  # scheduled again: the network confirmed it never got the post
UNCLEARED = "uncleared"  # held at claim time: no complete approval chain for this content


def move(
    publication: Publication,
    event: str,
    *,
    when: Q,
    actor: Any = None,
    via: str = "worker",
    **fields: Any,
) -> int:
    """Change the row only if it still matches `when`; audit the change in the same transaction.

    Returns 1 if the row changed, 0 if someone else changed it first.
    """
    fields["updated_at"] = timezone.now()
    with transaction.atomic():
        changed = Publication.objects.filter(when, pk=publication.pk).update(**fields)
        if changed:
            publication.refresh_from_db()
            after: dict[str, Any] = {"state": publication.state}
            if publication.hold:
                after["hold"] = publication.hold
            reason = publication.last_error or publication.waiting_reason
            if reason and publication.state != State.SENT:
                after["reason"] = reason[:300]
            if publication.state == State.SENT:
                after["remote_id"] = publication.remote_id
            if event in {"rate_limited", "retry"}:
                after["due_at"] = publication.due_at.isoformat()
            record(publication, event, after, actor=actor, via=via)
    return changed


def record(
    publication: Publication,
    event: str,
    after: dict[str, Any],
    *,
    actor: Any = None,
    via: str = "worker",
) -> None:
    """The audit entry of one change of a publication."""
    audit.record(
        actor=actor,
        action=f"publication.{event}",
        target=publication,
        target_label=f"{publication.channel_account} · post {publication.post_id}",
        after=after,
        via=via,
    )


def current_state(publication: Publication) -> str:
    publication.refresh_from_db()
    return publication.state


# --- outcomes ------------------------------------------------------------------------------


def sent(publication: Publication, remote: base.RemotePost) -> None:
    # The post is out whatever the row says now: record it, so it is never sent again.
    move(
        publication,
        "sent",
        when=~Q(state=State.SENT),
        state=State.SENT,
        remote_id=remote.remote_id,
        remote_url=remote.url,
        remote_part_ids=list(remote.part_ids) or [remote.remote_id],
        sent_at=timezone.now(),
        lease_until=None,
        error_kind="",
        last_error="",
        hold=Hold.NONE,
    )


def hold_for_account(publication: Publication, when: Q) -> None:
    """The account cannot publish (disconnected, needs reconnecting, demo): wait for it."""
    move(
        publication,
        "held",
        when=when,
        state=State.HELD,
        lease_until=None,
        attempts=F("attempts") - 1,  # not an attempt: nothing was sent
        error_kind=ACCOUNT,
        hold=account_hold(publication.channel_account),
    )


# --- asked by other apps ----------------------------------------------------------------------

OPEN_STATES = (State.HELD, State.SCHEDULED)  # nothing of these has reached a network


def first_state(
    account: ChannelAccount, *, needs_approval: bool, needs_step: bool = False
) -> tuple[str, str]:
    """The state and hold a new publication starts in."""
    if needs_approval:
        return State.HELD, Hold.EXECUTIVE_APPROVAL
    if needs_step:
        return State.HELD, Hold.APPROVAL_STEP
    return _account_state(account)


def _account_state(account: ChannelAccount) -> tuple[str, str]:
    """Scheduled, unless the account is known not to publish now (a demo account is found out
    by the worker, which holds it then)."""
    if account.status in (
        ChannelAccount.Status.NEEDS_RECONNECT,
        ChannelAccount.Status.DISCONNECTED,
    ):
        return State.HELD, account_hold(account)
    return State.SCHEDULED, Hold.NONE


def schedule(
    revision: Any,
    accounts: list[ChannelAccount],
    due: dt.datetime,
    *,
    needs_approval: bool,
    needs_clearance: bool = False,
    cleared_hash: str = "",
    actor: Any = None,
    via: str = "web",
) -> list[Publication]:
    """One publication of `revision` per account with a variant for its network, due at `due`
    (a cancelled one for the same revision and account is scheduled again); woken when due.

    `needs_clearance`: an approval chain applies, and it goes out only once `cleared_hash` (the
    content hash the chain was completed for, "" until then) is that of what it sends."""
    variants = {variant.network: variant for variant in revision.variants.all()}
    made = []
    for account in accounts:
        variant = variants.get(account.network)
        if variant is None:
            continue
        state, hold = first_state(
            account, needs_approval=needs_approval, needs_step=needs_clearance and not cleared_hash
        )
        with transaction.atomic():
            publication, _ = Publication.objects.update_or_create(
                revision=revision,
                channel_account=account,
                defaults={
                    "post_id": revision.post_id,
                    "variant": variant,
                    "state": state,
                    "hold": hold,
                    "due_at": due,
                    "needs_clearance": needs_clearance,
                    "cleared_hash": cleared_hash if needs_clearance else "",
                },
            )
            after: dict[str, Any] = {"state": state, "due_at": due.isoformat()}
            if hold:
                after["hold"] = hold
            if needs_clearance:
                after["cleared_hash"] = cleared_hash
            record(publication, state, after, actor=actor, via=via)
        if state == State.SCHEDULED:
            wake_when_due(publication)
        made.append(publication)
    return made


def release(
    publications: list[Publication], hold: str, *, actor: Any = None, via: str = "web"
) -> list[Publication]:
    """What was held for `hold` is scheduled, or held for its account if that cannot publish.
    Returns those now scheduled (woken when due)."""
    released = []
    for publication in publications:
        if publication.is_cleared:
            state, new_hold = _account_state(publication.channel_account)
        else:  # released by the executive, but its approval chain is not complete yet
            state, new_hold = State.HELD, Hold.APPROVAL_STEP
        if (state, new_hold) == (State.HELD, hold):
            continue
        moved = move(
            publication,
            "released" if state != State.HELD or new_hold != Hold.APPROVAL_STEP else "held",
            when=Q(state=State.HELD, hold=hold),
            actor=actor,
            via=via,
            state=state,
            hold=new_hold,
        )
        if moved and state == State.SCHEDULED:
            wake_when_due(publication)
            released.append(publication)
    return released


def clear(
    publications: list[Publication], content_hash: str, *, actor: Any = None, via: str = "web"
) -> list[Publication]:
    """Governance completed the approval chain of exactly `content_hash`: record it on each open
    publication, and release those that waited for an approval step. Returns those released."""
    released = []
    for publication in publications:
        if not move(
            publication,
            "cleared",
            when=Q(state__in=OPEN_STATES),
            actor=actor,
            via=via,
            needs_clearance=True,  # from now on bound to this content, whatever it was before
            cleared_hash=content_hash,
        ):
            continue
        if publication.state == State.HELD and publication.hold == Hold.APPROVAL_STEP:
            released += release([publication], Hold.APPROVAL_STEP, actor=actor, via=via)
    return released


def hold_uncleared(publication: Publication, when: Q) -> None:
    """At claim time, what would be sent has no complete approval chain (it was changed after
    approval, or never approved): nothing is sent, and it waits for its chain again."""
    if publication.cleared_hash:
        message = (
            "Not sent: the content differs from what its approval chain cleared (content hash "
            f"{publication.cleared_hash[:12]}…, now {publication.revision.content_hash()[:12]}…). "
            "It waits for its approval chain again."
        )
    else:
        message = "Not sent: its approval chain is not complete for this content."
    move(
        publication,
        "refused_uncleared",
        when=when,
        state=State.HELD,
        hold=Hold.APPROVAL_STEP,
        lease_until=None,
        attempts=F("attempts") - 1,  # not an attempt: nothing was sent
        error_kind=UNCLEARED,
        last_error=message,
        cleared_hash="",
    )


def cancel(publications: list[Publication], *, actor: Any = None, via: str = "web") -> int:
    """Take open publications off the schedule. Returns how many were still open."""
    return sum(
        move(
            publication,
            "cancelled",
            when=Q(state__in=OPEN_STATES),
            actor=actor,
            via=via,
            state=State.CANCELLED,
            hold=Hold.NONE,
        )
        for publication in publications
    )


def reschedule(
    publications: list[Publication], due: dt.datetime, *, actor: Any = None, via: str = "web"
) -> int:
    """Move open publications to `due`; those scheduled are woken then."""
    moved = 0
    for publication in publications:
        if move(
            publication,
            "rescheduled",
            when=Q(state__in=OPEN_STATES),
            actor=actor,
            via=via,
            due_at=due,
        ):
            moved += 1
            if publication.state == State.SCHEDULED:
                wake_when_due(publication)
    return moved


def hold_account(account: ChannelAccount, *, actor: Any = None, via: str = "system") -> int:
    """The account can no longer publish: what is scheduled for it waits for it."""
    hold = account_hold(account)
    scheduled = Publication.objects.filter(channel_account=account, state=State.SCHEDULED)
    return sum(
        move(
            publication,
            "held",
            when=Q(state=State.SCHEDULED),
            actor=actor,
            via=via,
            state=State.HELD,
            hold=hold,
        )
        for publication in scheduled.select_related("channel_account")
    )


def release_account(account: ChannelAccount, *, actor: Any = None, via: str = "web") -> int:
    """The account publishes again: what waited for it (not, say, for approval) is released."""
    held = Publication.objects.filter(
        channel_account=account, state=State.HELD, hold__in=ACCOUNT_HOLDS
    ).select_related("channel_account")
    return sum(
        len(release([publication], publication.hold, actor=actor, via=via)) for publication in held
    )


# Holds that connecting the account again releases.
ACCOUNT_HOLDS = (Hold.ACCOUNT_RECONNECT, Hold.ACCOUNT_DISCONNECTED)


def hold_for_reconnect(publication: Publication, when: Q, message: str) -> None:
    """The network refused the token: mark the account (which holds its other scheduled rows
    and tells the owner) and wait; reconnecting the account releases everything held here."""
    account = publication.channel_account
    do_mark_needs_reconnect(account, message, via="worker")
    move(
        publication,
        "held",
        when=when,
        state=State.HELD,
        lease_until=None,
        attempts=F("attempts") - 1,
        error_kind=AUTH,
        last_error=message,
        hold=Hold.ACCOUNT_RECONNECT,
    )


def backoff_seconds(attempts: int) -> float:
    """Delay before retry number `attempts` (1 for the first): exponential, capped, jittered."""
    delay = BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** max(attempts - 1, 0)
    delay = min(delay, BACKOFF_CAP_SECONDS)
    return delay * random.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER)


def retry_later(
    publication: Publication, when: Q, error: base.ChannelError, *, rate_limited: bool
) -> None:
    """A temporary refusal: scheduled again after the network's Retry-After or a backoff, and a
    worker is woken for that moment (the minute sweep is only the safety net)."""
    if not rate_limited and publication.attempts >= MAX_ATTEMPTS:
        fail(
            publication,
            when,
            TRANSIENT,
            f"Gave up after {publication.attempts} attempts. Last error: {error.message}",
        )
        return
    extra: dict[str, Any] = {}
    if rate_limited:
        # The network said when: honour it exactly. A rate limit is not a failed attempt.
        delay = error.retry_after if error.retry_after is not None else backoff_seconds(1)
        event, kind = "rate_limited", RATE_LIMITED
        extra["attempts"] = F("attempts") - 1
    else:
        delay = max(backoff_seconds(publication.attempts), error.retry_after or 0)
        event, kind = "retry", TRANSIENT
    moved = move(
        publication,
        event,
        when=when,
        state=State.SCHEDULED,
        due_at=timezone.now() + dt.timedelta(seconds=delay),
        lease_until=None,
        error_kind=kind,
        last_error=error.message,
        **extra,
    )
    if moved:
        wake_when_due(publication)


def fail(publication: Publication, when: Q, kind: str, message: str) -> None:
    """Failed for good: the reason is shown with a Retry button, and the executive, those who
    act for them and the writer are told (in Podium and by email)."""
    moved = move(
        publication,
        "failed",
        when=when,
        state=State.FAILED,
        lease_until=None,
        error_kind=kind,
        last_error=message,
        hold=Hold.NONE,
    )
    if moved:
        notify_publication_failed(publication)


# How long after a send of unknown outcome the network is first asked whether it holds the post.
SETTLE_DELAY_SECONDS = 5


def unknown(publication: Publication, when: Q, message: str, *, kind: str = UNKNOWN) -> int:
    """The request may have reached the network: nothing is resent before find() settles it,
    which a worker is asked to do shortly (and the minute sweep does in any case)."""
    moved = move(
        publication,
        "unknown",
        when=when,
        state=State.UNKNOWN,
        lease_until=None,
        error_kind=kind,
        last_error=message,
    )
    if moved:
        settle_later(publication, SETTLE_DELAY_SECONDS)
    return moved


# The tasks module imports the outbox, hence the imports inside these two.


def wake_when_due(publication: Publication) -> None:
    """A worker sends `publication` when it falls due (after the transaction commits)."""
    from podium.outbox.tasks import schedule_wakeup

    schedule_wakeup(publication)


def settle_later(publication: Publication, delay_seconds: float) -> None:
    """A worker asks the network about `publication` in `delay_seconds` (after commit)."""
    from podium.outbox.tasks import schedule_settling

    schedule_settling(publication, delay_seconds)


# --- wording -------------------------------------------------------------------------------


def account_hold(account: ChannelAccount) -> str:
    """What a publication waits for when its account cannot publish."""
    if account.status == ChannelAccount.Status.NEEDS_RECONNECT:
        return Hold.ACCOUNT_RECONNECT
    if account.status == ChannelAccount.Status.DEMO:
        return Hold.DEMO_ACCOUNT
    return Hold.ACCOUNT_DISCONNECTED
