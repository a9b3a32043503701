"""notify(): one unread row per user for each thing, email only after commit and only to those
who want it, nobody inactive; it knows nothing of what the thing is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from podium.lib.text import first_line
from podium.notifications.actions import Kind, mark_all_read, notify, settle, unread_count
from podium.notifications.models import Nudge

pytestmark = pytest.mark.django_db


def tell(users, key="thing:1", message="Something needs you.", **kw):
    return notify(users, Kind.AWAITING_APPROVAL, key, message, "/somewhere/", subject="Look", **kw)


def test_it_tells_each_user_once_per_kind_and_key(erin, ian, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(tell([erin, ian, erin], person=erin.person)) == 2
        assert tell([erin, ian], person=erin.person) == []
    assert Nudge.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["erin@example.com", "ian@example.com"]
    assert "Open it in Podium: http://" in mail.outbox[0].body


def test_an_empty_key_is_never_deduplicated(erin):
    tell([erin], key="", person=erin.person)
    tell([erin], key="", person=erin.person)
    assert unread_count(erin) == 2


def test_nothing_is_emailed_before_the_commit_or_after_a_rollback(erin):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell([erin], person=erin.person)
        raise RuntimeError("the change failed")
    assert not Nudge.objects.exists() and not mail.outbox


def test_who_wants_no_email_and_who_is_inactive(
    erin, ian, carol, django_capture_on_commit_callbacks
):
    erin.notify_by_email = False
    erin.save()
    carol.is_active = False
    carol.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = tell([erin, ian, carol, None], person=erin.person)
    assert {row.user for row in rows} == {erin, ian}
    assert [m.to for m in mail.outbox] == [["ian@example.com"]]


def test_the_message_may_speak_to_each_recipient(erin, ian):
    tell([erin, ian], message=lambda user: f"For {user.email}", person=erin.person)
    assert Nudge.objects.get(user=ian).message == "For ian@example.com"


def test_settling_marks_read_what_is_answered_and_keeps_the_rest(erin):
    tell([erin], key="thing:1", person=erin.person)
    tell([erin], key="thing:2", person=erin.person)
    assert settle(erin.pk, kind=Kind.AWAITING_APPROVAL, link="/somewhere/", except_key="thing:2")
    assert list(Nudge.objects.filter(read_at__isnull=True).values_list("key", flat=True)) == [
        "thing:2"
    ]
    assert mark_all_read(erin) == 1 and unread_count(erin) == 0


def test_first_line_names_a_draft():
    assert first_line("\n  Hello there  \nsecond") == "Hello there"
    assert first_line("x" * 100, 10) == "xxxxxxxxx…"
    assert first_line("") == ""
