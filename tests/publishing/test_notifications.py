"""What publishing tells people: drafts awaiting approval, approvals and failed publications
(in Podium and by email), never twice, and only after commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from podium.notifications.actions import absolute_url
from podium.notifications.models import Nudge
from podium.org.models import Delegation
from podium.outbox import notices
from podium.outbox.models import Publication
from podium.publishing import notifications
from podium.publishing.actions import do_approve_revision, do_edit_post
from tests.publishing.composing import draft
from tests.publishing.fakes import make_publication

pytestmark = pytest.mark.django_db
Kind = Nudge.Kind


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the emails) when the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def kinds_for(user) -> list[tuple[str, str]]:
    return list(Nudge.objects.filter(user=user).values_list("kind", "key"))


def test_a_draft_by_the_assistant_tells_the_executive_in_podium_and_by_email(ian, erin, on_commit):
    with on_commit():
        post = draft(ian, erin.person, "Our new hotel opens today.\nCome and see it.")
    nudge = Nudge.objects.get(user=erin)
    assert nudge.kind == Kind.AWAITING_APPROVAL and nudge.read_at is None
    assert nudge.person == erin.person
    assert nudge.link == f"/posts/{post.pk}/edit/"
    assert (
        "Ian Assistant drafted a post for you to approve: “Our new hotel opens today.”"
        in nudge.message
    )
    assert [m.to for m in mail.outbox] == [["erin@example.com"]]
    assert "Ian Assistant drafted a post" in mail.outbox[0].subject
    assert absolute_url(f"/posts/{post.pk}/edit/") in mail.outbox[0].body
    assert not Nudge.objects.filter(user=ian).exists()


def test_the_email_link_is_absolute_at_the_base_url(ian, erin, on_commit, settings):
    settings.PODIUM_BASE_URL = "https://podium.example.com/"
    with on_commit():
        post = draft(ian, erin.person)
    assert f"https://podium.example.com/posts/{post.pk}/edit/" in mail.outbox[0].body


def test_comms_drafts_notify_the_executive_too(carol, erin, on_commit):
    with on_commit():
        draft(carol, erin.person)
    assert kinds_for(erin) == [
        (Kind.AWAITING_APPROVAL, f"revision:{erin.person.posts.get().latest_revision.pk}")
    ]
    assert "Carol Comms drafted a post" in Nudge.objects.get(user=erin).message


def test_what_the_executive_writes_herself_notifies_nobody(erin, ian, on_commit):
    with on_commit():
        draft(erin, erin.person)
    assert not Nudge.objects.exists() and not mail.outbox


def test_an_executive_without_a_sign_in_is_not_notified(carol, organisation, on_commit):
    from podium.org.models import Person

    person = Person.objects.create(name="Nora Nosignin", title="CTO")
    with on_commit():
        draft(carol, person)
    assert not Nudge.objects.exists() and not mail.outbox


def test_nothing_is_emailed_when_the_change_is_rolled_back(ian, erin, on_commit):
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        draft(ian, erin.person)
        raise RuntimeError("the request failed after the draft")
    assert not Nudge.objects.exists() and not mail.outbox


def test_calling_it_twice_for_one_revision_notifies_once(ian, erin, on_commit):
    with on_commit():
        post = draft(ian, erin.person)
        notifications.notify_awaiting_approval(post.latest_revision)
        notifications.notify_awaiting_approval(post.latest_revision)
    assert Nudge.objects.filter(user=erin).count() == 1
    assert len(mail.outbox) == 1


def test_an_edit_replaces_the_waiting_notification(ian, erin, on_commit):
    post = draft(ian, erin.person)
    first = Nudge.objects.get(user=erin)
    revision = do_edit_post(ian, post, "A better text.", {"mastodon": {"text": "A better text."}})
    first.refresh_from_db()
    assert first.read_at is not None, "the old revision can no longer be approved"
    latest = Nudge.objects.get(user=erin, read_at__isnull=True)
    assert latest.key == f"revision:{revision.pk}" and "A better text." in latest.message


def test_approving_tells_the_drafter_and_clears_the_executives_notification(ian, erin, on_commit):
    post = draft(ian, erin.person)
    mail.outbox.clear()
    with on_commit():
        do_approve_revision(erin, post.latest_revision)
    assert Nudge.objects.get(user=erin).read_at is not None
    approved = Nudge.objects.get(user=ian)
    assert approved.kind == Kind.APPROVED
    assert approved.message.startswith(
        "Erin Executive approved your post, it may now be published: “Our new hotel opens"
    )
    assert approved.link == f"/posts/{post.pk}/"
    assert [m.to for m in mail.outbox] == [["ian@example.com"]]
    assert "Erin Executive approved your post" in mail.outbox[0].subject


def test_approving_twice_tells_the_drafter_once(ian, erin):
    post = draft(ian, erin.person)
    do_approve_revision(erin, post.latest_revision)
    do_approve_revision(erin, post.latest_revision)
    notifications.notify_approved(post.latest_revision, erin)
    assert Nudge.objects.filter(user=ian, kind=Kind.APPROVED).count() == 1


def test_a_failed_publication_tells_the_executive_those_who_act_for_her_and_the_writer(
    erin, ian, carol, frank, on_commit
):
    Delegation.objects.create(person=erin.person, user=carol, kind=Delegation.Kind.COMMS)
    publication = make_publication(
        erin.person,
        author=carol,
        state=Publication.State.FAILED,
        last_error="Text character limit of 500 exceeded",
    )
    with on_commit():
        notices.notify_publication_failed(publication)
    rows = Nudge.objects.filter(kind=Kind.PUBLICATION_FAILED)
    assert sorted(rows.values_list("user__email", flat=True)) == [
        "carol@example.com",
        "erin@example.com",
        "ian@example.com",
    ]
    assert rows.get(user=erin).message.startswith("Your post could not be published to Mastodon")
    message = rows.get(user=ian).message
    assert message.startswith("Erin Executive's post could not be published to Mastodon")
    assert "Text character limit of 500 exceeded" in message
    assert rows.first().link == f"/posts/{publication.post_id}/"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "carol@example.com",
        "erin@example.com",
        "ian@example.com",
    ]
    assert not Nudge.objects.filter(user=frank).exists()


def test_a_failed_publication_is_notified_once_however_often_the_outbox_calls(
    erin, ian, on_commit, django_assert_max_num_queries
):
    publication = make_publication(erin.person, state=Publication.State.FAILED)
    with on_commit(), transaction.atomic():  # as inside the outbox's own transaction
        with django_assert_max_num_queries(5):
            notices.notify_publication_failed(publication)
        notices.notify_publication_failed(publication)
    notices.notify_publication_failed(publication)
    assert Nudge.objects.filter(kind=Kind.PUBLICATION_FAILED).count() == 2  # erin and ian
    assert len(mail.outbox) == 2


def test_failing_again_after_a_retry_is_notified_again(erin, ian):
    publication = make_publication(erin.person, state=Publication.State.FAILED)
    notices.notify_publication_failed(publication)
    # Retried, then failed again: the outbox's move stamps the row anew.
    Publication.objects.filter(pk=publication.pk).update(
        updated_at=publication.updated_at + dt.timedelta(minutes=5)
    )
    notices.notify_publication_failed(publication)
    assert Nudge.objects.filter(kind=Kind.PUBLICATION_FAILED, user=erin).count() == 2


def test_an_inactive_user_is_not_notified(ian, erin):
    ian.is_active = False
    ian.save()
    publication = make_publication(erin.person, state=Publication.State.FAILED)
    notices.notify_publication_failed(publication)
    assert list(Nudge.objects.values_list("user__email", flat=True)) == ["erin@example.com"]
