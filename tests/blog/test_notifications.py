"""What the blog tells people: an article drafted for an executive awaits their approval, and
its drafter hears when it is approved."""

from __future__ import annotations

import pytest
from django.core import mail

from podium.blog.actions import do_approve_article, do_save_article
from podium.notifications.models import Nudge
from podium.publishing.actions import do_edit_post
from tests.publishing.composing import draft

pytestmark = pytest.mark.django_db
Kind = Nudge.Kind


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the emails) when the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_executive_rewriting_the_draft_herself_settles_the_notification(ian, erin):
    post = draft(ian, erin.person)
    do_edit_post(erin, post, "My own words.", {"mastodon": {"text": "My own words."}})
    assert not Nudge.objects.filter(user=erin, read_at__isnull=True).exists()
    article = do_save_article(ian, erin.person, {"title": "Drafted", "body": "B."})
    do_save_article(erin, erin.person, {"title": "Rewritten by Erin"}, article=article)
    assert not Nudge.objects.filter(user=erin, read_at__isnull=True).exists()


def test_an_article_drafted_for_the_executive_and_approved(ian, erin, on_commit):
    with on_commit():
        article = do_save_article(
            ian, erin.person, {"title": "Why we listen first", "body": "We listen."}
        )
    waiting = Nudge.objects.get(user=erin)
    assert waiting.kind == Kind.AWAITING_APPROVAL
    assert waiting.link == f"/blog/write/{article.pk}/"
    assert "drafted an article for you to approve: “Why we listen first”" in waiting.message
    assert [m.to for m in mail.outbox] == [["erin@example.com"]]
    with on_commit():
        do_approve_article(erin, article)
    waiting.refresh_from_db()
    assert waiting.read_at is not None
    approved = Nudge.objects.get(user=ian)
    assert (
        approved.kind == Kind.APPROVED
        and "you can publish it now: “Why we listen first”" in approved.message
    )
    assert [m.to for m in mail.outbox][1:] == [["ian@example.com"]]


def test_a_new_article_text_is_a_new_notification_and_saving_the_same_text_is_not(ian, erin):
    article = do_save_article(ian, erin.person, {"title": "First title", "body": "Body."})
    do_save_article(ian, erin.person, {"title": "First title"}, article=article)
    assert Nudge.objects.filter(user=erin).count() == 1
    do_save_article(ian, erin.person, {"title": "Second title"}, article=article)
    assert Nudge.objects.filter(user=erin).count() == 2
    unread = Nudge.objects.get(user=erin, read_at__isnull=True)
    assert "Second title" in unread.message


def test_the_executives_own_article_notifies_nobody(erin):
    do_save_article(erin, erin.person, {"title": "Mine", "body": "Body."})
    assert not Nudge.objects.exists()
