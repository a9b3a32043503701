"""Worker tasks: a wake-up after commit for what is due, and the minute sweep as a backstop."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from podium.channels.base import OutcomeUnknown, RateLimited, Transient
from podium.outbox import public as outbox
from podium.outbox import tasks
from podium.outbox.models import Publication
from tests.publishing.fakes import fake_network_fixture, make_publication  # noqa: F401

State = Publication.State


def test_a_wakeup_for_something_due_now_sends_it_after_commit(
    erin, fake_network, django_capture_on_commit_callbacks
):
    publication = make_publication(erin.person)

    with django_capture_on_commit_callbacks() as callbacks:
        tasks.schedule_wakeup(publication)
    assert fake_network.calls == []  # nothing before the transaction is saved
    for callback in callbacks:
        callback()

    publication.refresh_from_db()
    assert publication.state == State.SENT


def test_a_wakeup_for_later_is_scheduled_for_its_due_time(
    erin, fake_network, django_capture_on_commit_callbacks
):
    publication = make_publication(erin.person, due_in_seconds=3600)
    before = len(HUEY.scheduled())

    with django_capture_on_commit_callbacks(execute=True):
        tasks.schedule_wakeup(publication)

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert fake_network.calls == []
    scheduled = HUEY.scheduled()
    assert len(scheduled) == before + 1
    eta = scheduled[-1].eta
    assert abs(eta.replace(tzinfo=dt.UTC) - publication.due_at) < dt.timedelta(seconds=1)


def test_the_sweep_sends_what_a_lost_wakeup_missed(erin, fake_network):
    publication = make_publication(erin.person, due_in_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        result = tasks.sweep.call_local()

    assert result == {"released": 0, "reconciled": 0, "sent": 1}
    publication.refresh_from_db()
    assert publication.state == State.SENT


def test_a_retry_wakes_a_worker_when_it_falls_due(
    erin, fake_network, django_capture_on_commit_callbacks
):
    publication = make_publication(erin.person)
    fake_network.next_publish(RateLimited("Too many requests", retry_after=42))
    before = len(HUEY.scheduled())

    with django_capture_on_commit_callbacks(execute=True):
        (claimed,) = outbox.claim_due("worker-1")
        outbox.run(claimed)

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    scheduled = HUEY.scheduled()
    assert len(scheduled) == before + 1  # not left to the minute sweep
    etas = [task.eta.replace(tzinfo=dt.UTC) for task in scheduled]
    assert any(abs(eta - publication.due_at) < dt.timedelta(seconds=1) for eta in etas)


def settle_tasks(before: set[str]) -> list[tuple]:
    """Arguments of the settle tasks scheduled since `before` (ids of earlier tasks)."""
    return [
        task.args
        for task in HUEY.scheduled()
        if task.id not in before and task.name.endswith("settle")
    ]


def test_an_unknown_outcome_asks_a_worker_to_settle_it_shortly(
    erin, fake_network, django_capture_on_commit_callbacks
):
    publication = make_publication(erin.person)
    fake_network.next_publish(OutcomeUnknown("The server did not answer in time."))
    before = {task.id for task in HUEY.scheduled()}

    with django_capture_on_commit_callbacks(execute=True):
        (claimed,) = outbox.claim_due("worker-1")
        outbox.run(claimed)

    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN
    assert settle_tasks(before) == [(publication.pk,)]

    assert tasks.settle.call_local(publication.pk) == State.SCHEDULED  # find(): not there
    assert fake_network.find_calls()


def test_rows_of_a_dead_worker_are_each_given_to_a_worker_to_settle(
    erin, fake_network, django_capture_on_commit_callbacks
):
    first = make_publication(erin.person, text="First of two.")
    second = make_publication(erin.person, text="Second of two.")
    outbox.claim_due("doomed", lease_seconds=60)
    before = {task.id for task in HUEY.scheduled()}

    with (
        time_machine.travel(timezone.now() + dt.timedelta(seconds=61)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert outbox.release_expired() == 2

    assert sorted(settle_tasks(before)) == [(first.pk,), (second.pk,)]


def test_settling_a_publication_that_is_no_longer_unknown_does_nothing(erin, fake_network):
    publication = make_publication(erin.person)

    assert tasks.settle.call_local(publication.pk) == State.SCHEDULED
    assert fake_network.calls == []


def test_a_network_that_cannot_answer_yet_is_asked_again_by_a_task(
    erin, fake_network, django_capture_on_commit_callbacks
):
    publication = make_publication(erin.person, state=State.UNKNOWN)
    fake_network.next_find(Transient("503 Service Unavailable"))
    before = {task.id for task in HUEY.scheduled()}

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.settle.call_local(publication.pk) == State.UNKNOWN

    again = [task for task in HUEY.scheduled() if task.id not in before]
    assert [task.args for task in again] == [(publication.pk,)]
    publication.refresh_from_db()
    assert again[0].eta.replace(tzinfo=dt.UTC) > publication.lease_until  # not before it expires
    assert fake_network.publish_calls() == []
