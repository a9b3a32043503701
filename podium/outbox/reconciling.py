"""Settling `unknown` publications: the connector's find() says whether the post went out.

Nothing with an unknown outcome is ever sent again before the network has said it does not
hold the post. A network that cannot answer is asked again later; after a day a person must look.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.utils import timezone

from podium.channels import base, matching, registry
from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.models import ChannelAccount
from podium.outbox import rewriting
from podium.outbox import transitions as to
from podium.outbox.claims import CLAIM_BATCH, LEASE_SECONDS, worker_name
from podium.outbox.models import Publication

logger = logging.getLogger(__name__)

State = Publication.State

# An outcome the network cannot confirm for this long after it was due becomes a visible failure.
UNKNOWN_GIVE_UP_SECONDS = 24 * 3600


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
        return to.current_state(publication)
    publication.claimed_by = worker
    account = publication.channel_account
    try:
        remote = registry.connector_for(account).find(expected_of(publication))
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
            to.sent(publication, remote)
        elif to.move(
            publication,
            "not_found",
            when=Q(state=State.UNKNOWN, claimed_by=worker),
            state=State.SCHEDULED,
            due_at=timezone.now(),
            lease_until=None,
            error_kind=to.NOT_FOUND,
            last_error="",
        ):
            to.wake_when_due(publication)
    return to.current_state(publication)


def expected_of(publication: Publication) -> base.Expected:
    """What `publication` should have put on the network, for the connector's find()."""
    variant = rewriting.prepared(publication)  # the text as it was sent, short links and all
    return base.Expected(
        key=publication.idempotency_key,
        texts=tuple(part.text for part in variant.parts),
        not_before=publication.due_at - matching.CLOCK_SKEW,
        link=variant.link,
    )


def _still_unknown(publication: Publication, message: str, wait_seconds: float) -> None:
    now = timezone.now()
    if now - publication.due_at > dt.timedelta(seconds=UNKNOWN_GIVE_UP_SECONDS):
        # A person must look: say so, rather than ask the network forever.
        network = publication.channel_account.get_network_display()
        to.fail(
            publication,
            Q(state=State.UNKNOWN),
            to.UNKNOWN,
            f"Podium could not confirm with {network} whether the post went out ({message}). "
            f"Look at the {network} account before retrying: it may already be there.",
        )
        return
    asked_again = Publication.objects.filter(pk=publication.pk, state=State.UNKNOWN).update(
        lease_until=now + dt.timedelta(seconds=wait_seconds),
        last_error=f"Could not check yet: {message}",
        updated_at=now,
    )
    if asked_again:
        to.settle_later(publication, wait_seconds + 1)  # once the lease above has run out


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
