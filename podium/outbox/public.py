"""The outbox: each publication goes out exactly once, and every failure shows its reason.

What other apps may call (`from podium.outbox import public as outbox`): schedule, release,
cancel and reschedule publications, clear them for the content hash their approval chain
completed for, retry a failed one, and the worker's sweep.

The database is the truth; the task queue only wakes a worker up. A worker claims due rows
with one atomic statement and a lease (claims.py), has the attempt on record before it calls
the network, and records the outcome (sending.py, transitions.py). An outcome it cannot know
(a timeout after the request went out, a worker that died holding a lease) becomes `unknown`,
and the connector's `find()` settles it before anything is sent again (reconciling.py).

    held ⇄ scheduled → claimed(lease) → sent | scheduled (retry later) | held | failed | unknown
    unknown → sent (find() found it) | scheduled (find() says it never went out)
"""

from __future__ import annotations

from podium.outbox.actions import do_retry
from podium.outbox.claims import (
    CLAIM_BATCH,
    LEASE_SECONDS,
    claim_due,
    release_expired,
    worker_name,
)
from podium.outbox.reconciling import (
    UNKNOWN_GIVE_UP_SECONDS,
    reconcile,
    reconcile_unknown,
)
from podium.outbox.sending import build_variant, publish_due, run
from podium.outbox.transitions import (
    ACCOUNT,
    AUTH,
    INVALID,
    LEASE_EXPIRED,
    MAX_ATTEMPTS,
    OPEN_STATES,
    PREPARE,
    RATE_LIMITED,
    TRANSIENT,
    UNKNOWN,
    backoff_seconds,
    cancel,
    clear,
    release,
    reschedule,
    schedule,
)

__all__ = [
    "ACCOUNT",
    "AUTH",
    "CLAIM_BATCH",
    "INVALID",
    "LEASE_EXPIRED",
    "LEASE_SECONDS",
    "MAX_ATTEMPTS",
    "OPEN_STATES",
    "PREPARE",
    "RATE_LIMITED",
    "TRANSIENT",
    "UNKNOWN",
    "UNKNOWN_GIVE_UP_SECONDS",
    "backoff_seconds",
    "build_variant",
    "cancel",
    "claim_due",
    "clear",
    "do_retry",
    "publish_due",
    "reconcile",
    "reconcile_unknown",
    "release",
    "release_expired",
    "reschedule",
    "run",
    "schedule",
    "sweep",
    "worker_name",
]


def sweep(worker: str | None = None) -> dict[str, int]:
    """The periodic pass: settle dead workers' rows, reconcile unknowns, send what is due."""
    worker = worker or worker_name()
    released = release_expired()
    reconciled = reconcile_unknown(worker)
    sent = publish_due(worker)
    return {"released": released, "reconciled": reconciled, "sent": sent}
