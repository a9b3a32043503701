"""Many transactions recording at once still make one unbroken chain (PostgreSQL: the advisory
lock in audit_chain.seal makes them take turns until each commits)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from podium.governance import audit, audit_chain
from podium.governance.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
EACH = 15


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one transaction write at a time: run with DATABASE_URL=postgres://…",
)
def test_concurrent_records_keep_one_chain(organisation):
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                # Each in its own transaction, with a second write after it, as actions do.
                with transaction.atomic():
                    audit.record(actor=None, action="test.recorded", target_label=f"{n}-{i}")
                    audit.record(actor=None, action="test.followed", target_label=f"{n}-{i}")
        except BaseException as error:  # reported below, with the thread's own traceback
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert AuditEntry.objects.count() == THREADS * EACH * 2
    verdict = audit_chain.verify()
    assert verdict.intact, verdict.summary
    assert verdict.checked == THREADS * EACH * 2
    # Each transaction's two entries are neighbours: transactions took turns, whole.
    labels = list(AuditEntry.objects.order_by("pk").values_list("action", "target_label"))
    for (first, label), (second, same) in zip(labels[::2], labels[1::2], strict=True):
        assert (first, second, label) == ("test.recorded", "test.followed", same)
