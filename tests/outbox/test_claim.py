"""Claiming due publications: exclusive, leased, audited; a dead worker's rows become unknown."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import OperationalError, connection, connections
from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from tests.publishing.fakes import make_publication

State = Publication.State


def test_it_claims_only_due_scheduled_publications(erin):
    due = make_publication(erin.person)
    later = make_publication(erin.person, due_in_seconds=3600)
    held = make_publication(erin.person, state=State.HELD)
    sent = make_publication(erin.person, state=State.SENT)

    before = timezone.now()
    claimed = outbox.claim_due("worker-1", limit=10, lease_seconds=60)

    assert [p.pk for p in claimed] == [due.pk]
    due.refresh_from_db()
    assert due.state == State.CLAIMED
    assert due.claimed_by == "worker-1"
    assert due.attempts == 1
    assert (
        before + dt.timedelta(seconds=59)
        < due.lease_until
        <= timezone.now() + dt.timedelta(seconds=60)
    )
    for other in (later, held, sent):
        state = other.state
        other.refresh_from_db()
        assert other.state == state
    entry = AuditEntry.objects.get(action="publication.claimed")
    assert entry.via == "worker"
    assert entry.target_id == str(due.pk)
    assert entry.after == {"state": "claimed", "worker": "worker-1"}


def test_it_claims_the_earliest_first_and_at_most_the_limit(erin):
    rows = [make_publication(erin.person, due_in_seconds=-10 * (i + 1)) for i in range(5)]

    first = outbox.claim_due("w", limit=2)
    second = outbox.claim_due("w", limit=10)

    assert [p.pk for p in first] == [rows[4].pk, rows[3].pk]
    assert sorted(p.pk for p in second) == sorted(p.pk for p in rows[:3])
    assert outbox.claim_due("w") == []


def test_it_never_claims_a_row_twice(erin):
    make_publication(erin.person)

    assert len(outbox.claim_due("a")) == 1
    assert outbox.claim_due("b") == []


@pytest.mark.django_db(transaction=True)
def test_it_gives_each_row_to_one_of_many_concurrent_claimers(organisation):
    """Real concurrent connections (threads); on PostgreSQL this exercises SKIP LOCKED."""
    from podium.accounts.roles import Role
    from podium.org.models import Person
    from tests.conftest import make_user

    user = make_user("erin@example.com", "Erin Executive", Role.EXECUTIVE)
    person = Person.objects.create(name="Erin Executive", title="CEO", user=user, slug="erin")
    total = 60
    for _ in range(total):
        make_publication(person)

    workers = 6
    barrier = threading.Barrier(workers)
    got: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def claimer(name: str) -> None:
        mine: list[int] = []
        try:
            barrier.wait()
            while True:
                try:
                    batch = outbox.claim_due(name, limit=3)
                except OperationalError as error:
                    # The in-memory SQLite test database locks whole tables without waiting
                    # (production SQLite waits up to 20 s); try again, as a waiting writer would.
                    if connection.vendor == "sqlite" and "locked" in str(error):
                        continue
                    raise
                if not batch:
                    break
                mine.extend(p.pk for p in batch)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            got[name] = mine
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    claimed = [pk for ids in got.values() for pk in ids]
    assert len(claimed) == len(set(claimed)) == total
    assert Publication.objects.filter(state=State.CLAIMED).count() == total
    # The database agrees about who holds each row.
    for name, ids in got.items():
        assert set(Publication.objects.filter(claimed_by=name).values_list("pk", flat=True)) == set(
            ids
        )
    if connection.vendor == "postgresql":
        assert sum(1 for ids in got.values() if ids) > 1  # the work was actually shared


def test_a_lease_that_runs_out_makes_the_outcome_unknown_not_scheduled(erin):
    publication = make_publication(erin.person)
    outbox.claim_due("dead-worker", lease_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=30)):
        assert outbox.release_expired() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        assert outbox.release_expired() == 1

    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN
    assert publication.error_kind == outbox.LEASE_EXPIRED
    assert publication.lease_until is None
    entry = AuditEntry.objects.get(action="publication.unknown")
    assert entry.via == "worker"
    assert entry.after["state"] == "unknown"
    assert "worker stopped" in entry.after["reason"]
