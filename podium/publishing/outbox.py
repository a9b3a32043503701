"""The outbox: each publication goes out exactly once, and every failure shows its reason.

The database is the truth; the task queue only wakes a worker up. A worker claims due rows
with one atomic statement and a lease, writes the attempt before it calls the network, and
records the outcome. An outcome it cannot know (a timeout after the request went out, a worker
that died holding a lease) becomes `unknown`, and the connector's `find()` settles it before
anything is sent again.

    held ⇄ scheduled → claimed(lease) → sent | scheduled (retry later) | held | failed | unknown
    unknown → sent (find() found it) | scheduled (find() says it never went out)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from podium.accounts.models import User
from podium.channels import base
from podium.channels.actions import (
    disconnected_reason,
    do_mark_needs_reconnect,
    needs_reconnect_reason,
)
from podium.channels.models import ChannelAccount
from podium.channels.registry import connector_for
from podium.governance import audit
from podium.org.access import can_edit_person
from podium.publishing.models import Publication

logger = logging.getLogger(__name__)

State = Publication.State

# How long a claim protects a row. A worker that dies loses its rows to `unknown` after this.
LEASE_SECONDS: int = getattr(settings, "PUBLISH_LEASE_SECONDS", 300)
# Rows one worker takes at a time: small, so that a slow network cannot outlast the leases.
CLAIM_BATCH = 10
# Retries after temporary errors: 30 s, 2 min, 8 min, 32 min, then hourly; failed after this.
MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 30
BACKOFF_FACTOR = 4
BACKOFF_CAP_SECONDS = 3600
BACKOFF_JITTER = 0.1  # ± 10 %, so that retries of one outage do not arrive together
# An outcome the network cannot confirm for this long after it was due becomes a visible failure.
UNKNOWN_GIVE_UP_SECONDS = 24 * 3600

# error_kind values: why a publication waits or failed (shown on the status page).
AUTH = "auth_expired"
ACCOUNT = "account"
RATE_LIMITED = "rate_limited"
TRANSIENT = "transient"
INVALID = "invalid"
UNKNOWN = "unknown"
LEASE_EXPIRED = "lease_expired"
PREPARE = "prepare"


def worker_name() -> str:
    """Who holds a claim: host, process and thread, so a lease names its worker."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


# --- claiming ------------------------------------------------------------------------------


def claim_due(
    worker: str, limit: int = CLAIM_BATCH, lease_seconds: int = LEASE_SECONDS
) -> list[Publication]:
    """Claim up to `limit` due publications for `worker`; no two workers ever get the same row.

    Each claimed row is `claimed` with a lease until now + lease_seconds and one more attempt.
    """
    now = timezone.now()
    lease_until = now + dt.timedelta(seconds=lease_seconds)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            ids = _claim_skip_locked(worker, limit, now, lease_until)
        else:
            ids = _claim_returning(worker, limit, now, lease_until)
        claimed = list(
            Publication.objects.filter(pk__in=ids)
            .select_related("channel_account", "variant", "post__person")
            .order_by("due_at", "pk")
        )
        for publication in claimed:
            _audit(publication, "claimed", {"state": State.CLAIMED, "worker": worker})
    return claimed


def _claim_skip_locked(
    worker: str, limit: int, now: dt.datetime, lease_until: dt.datetime
) -> list[int]:
    """PostgreSQL: lock due rows nobody else has locked, then claim them (same transaction)."""
    ids = list(
        Publication.objects.select_for_update(skip_locked=True)
        .filter(state=State.SCHEDULED, due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    Publication.objects.filter(pk__in=ids).update(
        state=State.CLAIMED,
        lease_until=lease_until,
        claimed_by=worker,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return ids


def _claim_returning(
    worker: str, limit: int, now: dt.datetime, lease_until: dt.datetime
) -> list[int]:
    """SQLite: one conditional UPDATE … RETURNING (writers are serialised by the database)."""
    table = connection.ops.quote_name(Publication._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    # Only the model's own table name is formatted in; every value is a parameter.
    sql = (
        f"UPDATE {table} SET state = %s, "  # noqa: S608
        "lease_until = %s, claimed_by = %s, "
        "attempts = attempts + 1, updated_at = %s "
        f"WHERE state = %s AND id IN (SELECT id FROM {table} WHERE state = %s AND due_at <= %s "
        "ORDER BY due_at, id LIMIT %s) RETURNING id"
    )
    params = [
        State.CLAIMED.value,
        adapt(lease_until),
        worker,
        adapt(now),
        State.SCHEDULED.value,
        State.SCHEDULED.value,
        adapt(now),
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def release_expired() -> int:
    """Rows whose worker died holding them: their outcome is unknown, never simply retried."""
    now = timezone.now()
    count = 0
    expired = Publication.objects.filter(state=State.CLAIMED, lease_until__lt=now)
    for publication in expired.select_related("channel_account"):
        count += _move(
            publication,
            "unknown",
            when=Q(state=State.CLAIMED, lease_until__lt=now),
            state=State.UNKNOWN,
            lease_until=None,
            error_kind=LEASE_EXPIRED,
            last_error="The worker stopped before it knew whether the post went out.",
        )
    return count


# --- sending -------------------------------------------------------------------------------


def build_variant(publication: Publication) -> base.Variant:
    """The neutral variant the connector sends, from the stored variant and its images."""
    variant = publication.variant
    media: dict[int, list[base.Media]] = {}
    for attachment in variant.attachments.order_by("part", "position", "pk"):
        media.setdefault(attachment.part, []).append(
            base.Media(
                path=attachment.file.path,
                mime_type=attachment.mime_type,
                size=attachment.size,
                alt_text=attachment.alt_text,
            )
        )
    parts = tuple(
        base.Part(text=text, media=tuple(media.get(index, ())))
        for index, text in enumerate(variant.parts)
    )
    return base.Variant(
        parts=parts,
        link=variant.link,
        content_warning=variant.content_warning,
        visibility=variant.visibility,
    )


def run(
    publication: Publication,
    lease_seconds: int = LEASE_SECONDS,
    connectors: dict[int, base.Connector] | None = None,
) -> str:
    """Send one claimed publication and record what happened. Returns the new state.

    `connectors` (account id → connector) lets one batch reuse a connector and its
    connection for every publication to the same account.
    """
    worker = publication.claimed_by
    account = publication.channel_account
    mine = Q(state__in=[State.CLAIMED, State.UNKNOWN], claimed_by=worker)

    if not account.can_publish:
        _move(
            publication,
            "held",
            when=mine,
            state=State.HELD,
            lease_until=None,
            attempts=F("attempts") - 1,  # not an attempt: nothing was sent
            error_kind=ACCOUNT,
            waiting_reason=_account_reason(account),
        )
        return publication.state

    try:
        variant = build_variant(publication)
        cache = connectors if connectors is not None else {}
        connector = cache.get(account.pk) or cache.setdefault(account.pk, connector_for(account))
    except Exception as error:  # nothing was sent: say what stopped it, let a person retry
        logger.exception("Could not prepare publication %s", publication.pk)
        _fail(publication, mine, PREPARE, f"Podium could not prepare the post: {error}")
        return publication.state

    # The attempt is on record (claimed, attempts + 1) before the request; renew the lease,
    # and send nothing if the lease ran out meanwhile (the row now belongs to reconciliation).
    now = timezone.now()
    renewed = Publication.objects.filter(
        pk=publication.pk, state=State.CLAIMED, claimed_by=worker, lease_until__gt=now
    ).update(lease_until=now + dt.timedelta(seconds=lease_seconds), updated_at=now)
    if not renewed:
        return _current_state(publication)

    try:
        remote = connector.publish(variant, publication.idempotency_key)
    except base.AuthExpired as error:
        _hold_for_reconnect(publication, mine, error.message)
    except base.RateLimited as error:
        _retry_later(publication, mine, error, rate_limited=True)
    except base.Transient as error:
        _retry_later(publication, mine, error, rate_limited=False)
    except base.InvalidContent as error:
        _fail(publication, mine, INVALID, error.message)
    except base.OutcomeUnknown as error:
        _unknown(publication, mine, error.message)
    except Exception as error:  # the request may have gone out: confirm, never resend blindly
        logger.exception("Publication %s: unexpected error while sending", publication.pk)
        _unknown(publication, mine, f"Unexpected error while sending: {error}")
    else:
        _sent(publication, remote)
    return publication.state


def _sent(publication: Publication, remote: base.RemotePost) -> None:
    # The post is out whatever the row says now: record it, so it is never sent again.
    _move(
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
        waiting_reason="",
    )


def _hold_for_reconnect(publication: Publication, when: Q, message: str) -> None:
    # Marks the account, holds its other scheduled rows and tells the owner; reconnecting
    # the account releases everything held here.
    account = publication.channel_account
    do_mark_needs_reconnect(account, message, via="worker")
    account.refresh_from_db(fields=["status", "status_reason"])
    _move(
        publication,
        "held",
        when=when,
        state=State.HELD,
        lease_until=None,
        attempts=F("attempts") - 1,
        error_kind=AUTH,
        last_error=message,
        waiting_reason=_account_reason(account),
    )


def backoff_seconds(attempts: int) -> float:
    """Delay before retry number `attempts` (1 for the first): exponential, capped, jittered."""
    delay = BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** max(attempts - 1, 0)
    delay = min(delay, BACKOFF_CAP_SECONDS)
    return delay * random.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER)


def _retry_later(
    publication: Publication, when: Q, error: base.ChannelError, *, rate_limited: bool
) -> None:
    now = timezone.now()
    if rate_limited:
        # The network said when: honour it exactly. A rate limit is not a failed attempt.
        delay = error.retry_after if error.retry_after is not None else backoff_seconds(1)
        _move(
            publication,
            "rate_limited",
            when=when,
            state=State.SCHEDULED,
            due_at=now + dt.timedelta(seconds=delay),
            lease_until=None,
            attempts=F("attempts") - 1,
            error_kind=RATE_LIMITED,
            last_error=error.message,
            waiting_reason=f"Rate-limited by the network: trying again in {_duration(delay)}.",
        )
        return
    if publication.attempts >= MAX_ATTEMPTS:
        _fail(
            publication,
            when,
            TRANSIENT,
            f"Gave up after {publication.attempts} attempts. Last error: {error.message}",
        )
        return
    delay = max(backoff_seconds(publication.attempts), error.retry_after or 0)
    _move(
        publication,
        "retry",
        when=when,
        state=State.SCHEDULED,
        due_at=now + dt.timedelta(seconds=delay),
        lease_until=None,
        error_kind=TRANSIENT,
        last_error=error.message,
        waiting_reason=f"A temporary error: trying again in {_duration(delay)}.",
    )


def _fail(publication: Publication, when: Q, kind: str, message: str) -> None:
    _move(
        publication,
        "failed",
        when=when,
        state=State.FAILED,
        lease_until=None,
        error_kind=kind,
        last_error=message,
        waiting_reason="",
    )


def _unknown(publication: Publication, when: Q, message: str) -> None:
    _move(
        publication,
        "unknown",
        when=when,
        state=State.UNKNOWN,
        lease_until=None,
        error_kind=UNKNOWN,
        last_error=message,
    )


# --- reconciling ---------------------------------------------------------------------------


def reconcile(
    publication: Publication, worker: str = "", lease_seconds: int = LEASE_SECONDS
) -> str:
    """Settle an `unknown` publication by asking the network; nothing is resent before this.

    Found → sent (its ids stored). Not found → scheduled, due now. If the network cannot answer
    now, the row stays unknown and is asked again after a while.
    """
    worker = worker or worker_name()
    now = timezone.now()
    # Only one worker asks at a time; the lease also spaces out repeated questions.
    taken = Publication.objects.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now),
        pk=publication.pk,
        state=State.UNKNOWN,
    ).update(
        lease_until=now + dt.timedelta(seconds=lease_seconds), claimed_by=worker, updated_at=now
    )
    if not taken:
        return _current_state(publication)
    publication.claimed_by = worker
    account = publication.channel_account
    mine = Q(state=State.UNKNOWN, claimed_by=worker)
    try:
        remote = connector_for(account).find(publication.idempotency_key)
    except base.AuthExpired as error:
        do_mark_needs_reconnect(account, error.message, via="worker")
        _still_unknown(publication, error.message, lease_seconds)
    except base.RateLimited as error:
        _still_unknown(publication, error.message, error.retry_after or lease_seconds)
    except Exception as error:  # the network cannot say now: ask again later, send nothing
        logger.warning(
            "Publication %s: could not check with the network: %s", publication.pk, error
        )
        _still_unknown(publication, str(error), lease_seconds)
    else:
        if remote is not None:
            _sent(publication, remote)
        else:
            _move(
                publication,
                "not_found",
                when=mine,
                state=State.SCHEDULED,
                due_at=timezone.now(),
                lease_until=None,
                error_kind="",
                last_error="",
                waiting_reason="The network confirmed it never got the post: sending again.",
            )
    return _current_state(publication)


def _still_unknown(publication: Publication, message: str, wait_seconds: float) -> None:
    now = timezone.now()
    if now - publication.due_at > dt.timedelta(seconds=UNKNOWN_GIVE_UP_SECONDS):
        # A person must look: say so, rather than ask the network forever.
        network = publication.channel_account.get_network_display()
        _fail(
            publication,
            Q(state=State.UNKNOWN),
            UNKNOWN,
            f"Podium could not confirm with {network} whether the post went out ({message}). "
            f"Look at the {network} account before retrying: it may already be there.",
        )
        return
    Publication.objects.filter(pk=publication.pk, state=State.UNKNOWN).update(
        lease_until=now + dt.timedelta(seconds=wait_seconds),
        last_error=f"Could not check yet: {message}",
        updated_at=now,
    )


def reconcile_unknown(
    worker: str, limit: int = CLAIM_BATCH, *, budget_seconds: float = 20.0
) -> int:
    """Ask the network about unknown rows that nobody is asking about now, batch after batch
    until none is left or time is up (a killed worker can leave a hundred behind)."""
    started = timezone.now()
    asked: set[int] = set()
    done = 0
    while (timezone.now() - started).total_seconds() < budget_seconds:
        now = timezone.now()
        waiting = list(
            Publication.objects.filter(state=State.UNKNOWN)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .filter(channel_account__status=ChannelAccount.Status.CONNECTED)
            .exclude(pk__in=asked)
            .select_related("channel_account")
            .order_by("updated_at")[:limit]
        )
        if not waiting:
            break
        for publication in waiting:
            asked.add(publication.pk)
            if reconcile(publication, worker) != State.UNKNOWN:
                done += 1
    return done


# --- the worker loop -----------------------------------------------------------------------


def publish_due(worker: str, *, budget_seconds: float = 50.0) -> int:
    """Claim and send due publications in small batches until none is due or time is up."""
    started = timezone.now()
    sent = 0
    while (timezone.now() - started).total_seconds() < budget_seconds:
        batch = claim_due(worker)
        if not batch:
            break
        connectors: dict[int, base.Connector] = {}
        for publication in batch:
            if run(publication, connectors=connectors) == State.SENT:
                sent += 1
    return sent


def sweep(worker: str | None = None) -> dict[str, int]:
    """The periodic pass: settle dead workers' rows, reconcile unknowns, send what is due."""
    worker = worker or worker_name()
    released = release_expired()
    reconciled = reconcile_unknown(worker)
    sent = publish_due(worker)
    return {"released": released, "reconciled": reconciled, "sent": sent}


# --- actions for people --------------------------------------------------------------------


def do_retry(actor: User, publication: Publication, *, via: str = "web") -> Publication:
    """Send a failed publication again, now. Whoever may edit the executive may do this."""
    if not can_edit_person(actor, publication.post.person):
        raise ValidationError("You may not retry this executive's posts.")
    if publication.state != State.FAILED:
        raise ValidationError("Only a failed publication can be retried.")
    moved = _move(
        publication,
        "retried",
        when=Q(state=State.FAILED),
        actor=actor,
        via=via,
        state=State.SCHEDULED,
        due_at=timezone.now(),
        attempts=0,
        error_kind="",
        last_error="",
        waiting_reason="",
    )
    if not moved:
        raise ValidationError("This publication changed meanwhile; reload the page.")
    _wake_on_commit(publication)
    return publication


def _wake_on_commit(publication: Publication) -> None:
    from podium.publishing.tasks import schedule_wakeup

    schedule_wakeup(publication)


# --- helpers -------------------------------------------------------------------------------


def _move(
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
    now = timezone.now()
    fields["updated_at"] = now
    with transaction.atomic():
        changed = Publication.objects.filter(when, pk=publication.pk).update(**fields)
        if changed:
            publication.refresh_from_db()
            after: dict[str, Any] = {"state": publication.state}
            reason = publication.last_error or publication.waiting_reason
            if reason and publication.state != State.SENT:
                after["reason"] = reason[:300]
            if publication.state == State.SENT:
                after["remote_id"] = publication.remote_id
            if event in {"rate_limited", "retry"}:
                after["due_at"] = publication.due_at.isoformat()
            _audit(publication, event, after, actor=actor, via=via)
    return changed


def _audit(
    publication: Publication,
    event: str,
    after: dict[str, Any],
    *,
    actor: Any = None,
    via: str = "worker",
) -> None:
    audit.record(
        actor=actor,
        action=f"publication.{event}",
        target=publication,
        target_label=f"{publication.channel_account} · post {publication.post_id}",
        after=after,
        via=via,
    )


def _current_state(publication: Publication) -> str:
    publication.refresh_from_db()
    return publication.state


def _account_reason(account: ChannelAccount) -> str:
    """Why a publication waits for its account, worded as podium.channels.actions releases it."""
    if account.status == ChannelAccount.Status.NEEDS_RECONNECT:
        return needs_reconnect_reason(account, account.status_reason or "access was refused.")
    if account.status == ChannelAccount.Status.DEMO:
        return account.status_reason or "Demo account: Podium never contacts it."
    return disconnected_reason(account)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
