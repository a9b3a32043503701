"""Claiming due publications: one atomic statement, a lease, and no row for two workers.

A claim is the attempt on record: the row is `claimed`, leased to its worker and counted before
any request leaves. A worker that dies holding rows loses them when the lease runs out; their
outcome is then unknown and reconciliation settles it (see reconciling.py).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from podium.outbox.models import Publication
from podium.outbox.transitions import LEASE_EXPIRED, State, record, unknown

# How long a claim protects a row. A worker that dies loses its rows to `unknown` after this.
LEASE_SECONDS: int = settings.PUBLISH_LEASE_SECONDS
# Rows one worker takes at a time: small, so that a slow network cannot outlast the leases.
CLAIM_BATCH = 10


def worker_name() -> str:
    """Who holds a claim: host, process and thread, so a lease names its worker."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


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
            .select_related("channel_account", "variant", "post__person", "revision")
            .order_by("due_at", "pk")
        )
        for publication in claimed:
            record(publication, "claimed", {"state": State.CLAIMED, "worker": worker})
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
        count += unknown(
            publication,
            Q(state=State.CLAIMED, lease_until__lt=now),
            "The worker stopped before it knew whether the post went out.",
            kind=LEASE_EXPIRED,
        )
    return count
