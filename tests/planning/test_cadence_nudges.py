"""Cadence nudges (in Podium and by email, at most weekly) and the Monday digest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from podium.notifications.models import Nudge
from podium.planning import cadence
from podium.planning.models import CadenceTarget
from tests.planning.cadence_builders import article, sent_post

pytestmark = pytest.mark.django_db

FRIDAY = dt.datetime(2026, 11, 20, 18, tzinfo=dt.UTC)


def test_it_nudges_an_executive_who_is_behind_once_a_week(erin):
    assert cadence.send_nudges(now=FRIDAY) == 1
    nudge = Nudge.objects.get()
    assert nudge.person == erin.person and nudge.user == erin
    assert "0 of 2 posts this week" in nudge.message
    assert [m.to for m in mail.outbox] == [["erin@example.com"]]
    # Again the next day, the same week: nothing more.
    assert cadence.send_nudges(now=FRIDAY + dt.timedelta(days=1)) == 0
    assert Nudge.objects.count() == 1 and len(mail.outbox) == 1
    # The following week, still behind: a new nudge.
    assert cadence.send_nudges(now=FRIDAY + dt.timedelta(days=7)) == 1
    assert Nudge.objects.count() == 2


def test_it_does_not_nudge_who_is_on_track(erin):
    sent_post(erin.person, FRIDAY - dt.timedelta(days=2))
    sent_post(erin.person, FRIDAY - dt.timedelta(days=1))
    article(erin.person, FRIDAY - dt.timedelta(days=10))
    assert cadence.send_nudges(now=FRIDAY) == 0
    assert not Nudge.objects.exists() and not mail.outbox


def test_it_does_not_nudge_who_turned_nudges_off(erin):
    CadenceTarget.objects.create(person=erin.person, nudges_enabled=False)
    assert cadence.send_nudges(now=FRIDAY) == 0
    assert not mail.outbox


def test_the_digest_goes_to_comms_and_each_executive(erin, frank, carol, arthur):
    monday = dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC)
    sent_post(erin.person, dt.datetime(2026, 11, 17, 9, tzinfo=dt.UTC))
    sent_post(erin.person, dt.datetime(2026, 11, 18, 9, tzinfo=dt.UTC))
    sent_post(erin.person, dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC))  # this week: not in it
    article(erin.person, dt.datetime(2026, 11, 5, 9, tzinfo=dt.UTC))
    assert cadence.send_digest(now=monday) == 3
    by_to = {tuple(m.to): m for m in mail.outbox}
    assert set(by_to) == {("carol@example.com",), ("erin@example.com",), ("frank@example.com",)}
    team = by_to[("carol@example.com",)].body
    assert "1 on track, 1 behind, 0 ahead" in team
    assert "- Erin Executive: On track. 2 of 2 posts in the week" in team
    assert "- Frank Finance: Behind. 0 of 2 posts in the week" in team
    assert "2 of 2 posts" in by_to[("erin@example.com",)].body
    assert "Erin" not in by_to[("frank@example.com",)].body


def test_the_periodic_tasks_nudge_daily_and_send_the_digest_on_mondays(erin, carol):
    from podium.planning import tasks

    assert tasks.cadence_nudges.task_class().validate_datetime(dt.datetime(2026, 11, 18, 9, 0))
    assert not tasks.cadence_digest.task_class().validate_datetime(dt.datetime(2026, 11, 18, 7, 0))
    assert tasks.cadence_digest.task_class().validate_datetime(dt.datetime(2026, 11, 23, 7, 0))
    with time_machine.travel(FRIDAY, tick=False):
        assert tasks.cadence_nudges.call_local() == 1
    assert tasks.cadence_digest.call_local() == 2  # carol, and erin for herself


def test_who_turned_notification_emails_off_is_nudged_in_podium_only(erin, carol):
    erin.notify_by_email = False
    erin.save()
    carol.notify_by_email = False
    carol.save()

    assert cadence.send_nudges(now=FRIDAY) == 1
    assert Nudge.objects.filter(user=erin).exists()
    monday = dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC)
    cadence.send_digest(now=monday)
    assert not any({"erin@example.com", "carol@example.com"} & set(m.to) for m in mail.outbox)
