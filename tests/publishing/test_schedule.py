"""Scheduling rules: in the executive's timezone, never in the past, changes only until claimed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from podium.outbox.models import Publication
from podium.publishing.actions import (
    do_create_post,
    do_edit_post,
    do_move,
    do_schedule,
    do_unschedule,
    next_free_slot,
)
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def test_it_creates_one_publication_per_variant_and_account(erin):
    post = draft(erin, erin.person, networks=("mastodon", "bluesky", "linkedin"))
    publications = do_schedule(erin, post, later())
    assert sorted(p.channel_account.network for p in publications) == [
        "bluesky",
        "linkedin",
        "mastodon",
    ]
    assert len({p.idempotency_key for p in publications}) == 3


def test_it_reads_a_naive_time_in_the_executives_timezone(erin):
    erin.person.timezone = "America/New_York"
    erin.person.save()
    post = draft(erin, erin.person)
    local = (timezone.now() + dt.timedelta(days=2)).replace(tzinfo=None, microsecond=0)
    do_schedule(erin, post, local)
    post.refresh_from_db()
    assert post.scheduled_for == local.replace(tzinfo=zoneinfo.ZoneInfo("America/New_York"))


def test_it_refuses_a_time_in_the_past(erin):
    post = draft(erin, erin.person)
    with pytest.raises(ValidationError, match="is in the past for Erin Executive"):
        do_schedule(erin, post, timezone.now() - dt.timedelta(hours=1))
    assert not post.publications.exists()


def test_publish_now_is_due_now(erin):
    post = draft(erin, erin.person)
    (publication, *_) = do_schedule(erin, post, None)
    assert publication.due_at <= timezone.now()


def test_it_refuses_to_schedule_a_post_with_blocking_problems(erin):
    post = draft(erin, erin.person, text="a" * 300, networks=("x", "linkedin"))
    with pytest.raises(ValidationError, match="20 over X's limit of 280"):
        do_schedule(erin, post, later())
    assert not post.publications.exists()


def test_it_refuses_a_linkedin_thread(erin):
    post = do_create_post(
        erin, erin.person, "One", {"linkedin": {"text": "One", "thread": ["Two"]}}
    )
    with pytest.raises(ValidationError, match="LinkedIn has no threads"):
        do_schedule(erin, post, later())


def test_it_wakes_the_outbox_after_commit(erin, django_capture_on_commit_callbacks):
    due = later()
    with (
        mock.patch("podium.outbox.tasks.wake") as wake,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        post = draft(erin, erin.person)
        do_schedule(erin, post, due)
        assert wake.schedule.call_count == 0  # not before the transaction is saved
    assert len(callbacks) == 2
    assert [c.kwargs for c in wake.schedule.call_args_list] == [{"eta": due}, {"eta": due}]


def test_unschedule_cancels_until_claimed(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    assert do_unschedule(erin, post) == 2
    assert set(post.publications.values_list("state", flat=True)) == {"cancelled"}
    do_schedule(erin, post, later(48))
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}
    post.publications.filter(channel_account__network="x").update(state="claimed")
    with pytest.raises(ValidationError, match="already been claimed"):
        do_unschedule(erin, post)


def test_edit_is_refused_once_claimed(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    post.publications.update(state=Publication.State.SENT)
    with pytest.raises(ValidationError, match="already been claimed"):
        do_edit_post(erin, post, "new", {"x": {"text": "new"}})


def test_edit_moves_the_schedule_to_the_new_revision(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    do_edit_post(erin, post, "Better", {"mastodon": {"text": "Better"}, "x": {"text": "Better"}})
    rows = sorted(post.publications.values_list("revision__number", "state"))
    assert rows == [(1, "cancelled"), (1, "cancelled"), (2, "scheduled"), (2, "scheduled")]


def test_move_changes_every_open_publication(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    target = later(72)
    do_move(erin, post, target)
    assert set(post.publications.values_list("due_at", flat=True)) == {target}
    with pytest.raises(ValidationError, match="in the past"):
        do_move(erin, post, timezone.now() - dt.timedelta(days=1))
    post.publications.update(state="claimed")
    with pytest.raises(ValidationError, match="cannot be moved"):
        do_move(erin, post, later(96))


def test_frank_may_not_write_or_schedule_for_erin(erin, frank):
    with pytest.raises(PermissionDenied):
        draft(frank, erin.person)
    post = draft(erin, erin.person)
    for action in (
        lambda: do_schedule(frank, post, later()),
        lambda: do_unschedule(frank, post),
        lambda: do_move(frank, post, later()),
        lambda: do_edit_post(frank, post, "x", {"x": {"text": "x"}}),
    ):
        with pytest.raises(PermissionDenied):
            action()


def test_next_free_slot_skips_taken_slots(erin):
    first = next_free_slot(erin.person)
    post = draft(erin, erin.person)
    do_schedule(erin, post, first)
    second = next_free_slot(erin.person)
    assert second > first
    assert second.astimezone(zoneinfo.ZoneInfo("UTC")).minute in (0, 30)


def test_a_claim_between_the_check_and_the_write_undoes_the_move(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    original = post.publications.first().due_at

    def claim_one(*args, **kwargs):
        post.publications.filter(channel_account__network="x").update(state="claimed")
        return False

    with (
        mock.patch("podium.publishing.actions.check_not_started", side_effect=claim_one),
        pytest.raises(ValidationError, match="claimed for sending a moment ago"),
    ):
        do_move(erin, post, later(72))
    post.refresh_from_db()
    assert post.publications.get(channel_account__network="mastodon").due_at == original
