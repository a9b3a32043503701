"""Sending claimed publications: the attempt is on record before the request, and every
outcome the connector reports (or fails to report) lands in transitions.py."""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
from django.utils import timezone

from podium.channels import base, registry
from podium.outbox import rewriting
from podium.outbox import transitions as to
from podium.outbox.claims import LEASE_SECONDS, claim_due
from podium.outbox.models import Publication

logger = logging.getLogger(__name__)

State = Publication.State


def build_variant(publication: Publication) -> base.Variant:
    """The neutral variant the connector sends, from the stored variant and its images (each
    link made a short link when the links app says so: `rewriting.py`)."""
    return rewriting.prepared(publication)


def run(
    publication: Publication,
    lease_seconds: int = LEASE_SECONDS,
    connectors: dict[int, base.Connector] | None = None,
) -> str:
    """Send one claimed publication and record what happened. Returns the new state.

    `connectors` (account id → connector) lets one batch reuse a connector and its
    connection for every publication to the same account.
    """
    account = publication.channel_account
    mine = Q(state__in=[State.CLAIMED, State.UNKNOWN], claimed_by=publication.claimed_by)

    if not publication.is_cleared:  # the approval chain's hash, checked at claim time
        to.hold_uncleared(publication, mine)
        return publication.state

    if not account.can_publish:
        to.hold_for_account(publication, mine)
        return publication.state

    try:
        variant = build_variant(publication)
        cache = connectors if connectors is not None else {}
        if account.pk not in cache:
            cache[account.pk] = registry.connector_for(account)
        connector = cache[account.pk]
    except Exception as error:  # nothing was sent: say what stopped it, let a person retry
        logger.exception("Could not prepare publication %s", publication.pk)
        to.fail(publication, mine, to.PREPARE, f"Podium could not prepare the post: {error}")
        return publication.state

    if not _lease_holds(publication, lease_seconds):
        # The lease ran out meanwhile: the row now belongs to reconciliation; send nothing.
        return to.current_state(publication)

    try:
        remote = connector.publish(variant, publication.idempotency_key)
    except base.AuthExpired as error:
        to.hold_for_reconnect(publication, mine, error.message)
    except base.RateLimited as error:
        to.retry_later(publication, mine, error, rate_limited=True)
    except base.Transient as error:
        to.retry_later(publication, mine, error, rate_limited=False)
    except base.InvalidContent as error:
        to.fail(publication, mine, to.INVALID, error.message)
    except base.OutcomeUnknown as error:
        to.unknown(publication, mine, error.message)
    except Exception as error:  # the request may have gone out: confirm, never resend blindly
        logger.exception("Publication %s: unexpected error while sending", publication.pk)
        to.unknown(publication, mine, f"Unexpected error while sending: {error}")
    else:
        to.sent(publication, remote)
    return publication.state


def _lease_holds(publication: Publication, lease_seconds: int) -> bool:
    """True if this worker still holds the row long enough to send it.

    A lease with more than half its time left cannot be taken away before the request ends
    (connectors' timeouts are far shorter), so the claim's own lease is trusted without a
    write; an older one is renewed in the database, and only if it has not run out.
    """
    now = timezone.now()
    left = publication.lease_until - now if publication.lease_until else None
    if left is not None and left > dt.timedelta(seconds=lease_seconds / 2):
        return True
    renewed = Publication.objects.filter(
        pk=publication.pk,
        state=State.CLAIMED,
        claimed_by=publication.claimed_by,
        lease_until__gt=now,
    ).update(lease_until=now + dt.timedelta(seconds=lease_seconds), updated_at=now)
    return bool(renewed)


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
