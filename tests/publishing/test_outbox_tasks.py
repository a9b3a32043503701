"""Worker tasks: a wake-up after commit for what is due, and the minute sweep as a backstop."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from podium.channels.base import RateLimited
from podium.publishing import outbox, tasks
from podium.publishing.models import Publication
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
