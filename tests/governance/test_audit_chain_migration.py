"""Upgrading a database whose audit log predates the hash chain: its entries are chained in id
order, the chain verifies, and the log is append-only again afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from podium.governance import audit_chain
from podium.governance.models import AuditEntry
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_CHAIN = [("governance", "0002_append_only_triggers")]


def test_an_upgrade_chains_the_existing_entries(db):
    try:
        old = migrate(BEFORE_THE_CHAIN).get_model("governance", "AuditEntry")
        at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
        for n in range(5):
            old.objects.create(
                at=at + dt.timedelta(minutes=n),
                actor_id=None if n == 0 else 7,
                actor_label="" if n == 0 else "alice@example.com",
                action="person.updated",
                target_type="org.person",
                target_id="3",
                target_label="Erin Executive",
                before={"title": "CEO"},
                after={"title": f"Chair {n}"},
                ip_address="::1" if n else None,
            )
    finally:
        migrate()

    entries = list(AuditEntry.objects.order_by("pk"))
    assert entries[0].previous_hash == audit_chain.GENESIS
    assert [e.previous_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    verdict = audit_chain.verify()
    assert (verdict.intact, verdict.checked, verdict.last_hash) == (True, 5, entries[-1].hash)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_auditentry SET action = 'rewritten'")
    assert AuditEntry.objects.filter(action="rewritten").count() == 0
