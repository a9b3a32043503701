"""The demo's posts: a year sent, the coming weeks scheduled, assistant drafts awaiting approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from podium.blog.models import Article
from podium.notifications.models import Nudge
from podium.outbox.models import Publication
from podium.publishing.demo import DRAFTS
from podium.publishing.models import Post, Revision
from podium.system.demo import run_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_sent_posts_and_upcoming_ones():
    now = timezone.now()
    run_demo(now=now)
    sent = Publication.objects.filter(state=Publication.State.SENT)
    assert sent.filter(due_at__lt=now - dt.timedelta(days=300)).exists()
    assert not sent.filter(due_at__gt=now).exists()
    assert all(p.remote_url.startswith("https://") for p in sent[:50])
    upcoming = Publication.objects.filter(due_at__gt=now)
    assert upcoming.filter(state=Publication.State.SCHEDULED).exists()
    held = upcoming.filter(state=Publication.State.HELD).select_related("revision__post__person")
    for publication in held:
        # Held for the executive, or (governance's demo chains) for an approval step.
        assert publication.revision.needs_executive_approval or (
            publication.hold == Publication.Hold.APPROVAL_STEP and publication.needs_clearance
        )
        assert publication.waiting_reason.startswith("Waiting for ")
    # every demo post goes to demo accounts only: nothing real is ever contacted
    assert set(Publication.objects.values_list("channel_account__status", flat=True)) == {"demo"}
    # Unscheduled: only the drafts the demo's policy rules look at, waiting for approval.
    drafts = Post.objects.filter(scheduled_for__isnull=True)
    assert sorted(p.latest_revision.text for p in drafts) == sorted(DRAFTS)
    assert all(p.latest_revision.needs_executive_approval for p in drafts)
    assert not Publication.objects.filter(post__in=drafts).exists()


def test_each_demo_draft_awaiting_approval_is_in_its_executives_notifications(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo(now=timezone.now())

    waiting = Revision.objects.filter(
        approved_by__isnull=True,
        post__publications__state=Publication.State.HELD,
        post__publications__hold=Publication.Hold.EXECUTIVE_APPROVAL,
    ).distinct()
    assert waiting.exists()
    for revision in waiting.select_related("post__person"):
        assert Nudge.objects.filter(
            user=revision.post.person.user_id,
            kind=Nudge.Kind.AWAITING_APPROVAL,
            key=f"revision:{revision.pk}",
            read_at__isnull=True,
        ).exists()
    assert mailoutbox == []  # made-up drafts: nobody is emailed


def test_demo_drafts_for_the_coming_weeks_were_written_in_the_past():
    now = timezone.now()
    run_demo(now=now)
    assert Post.objects.filter(scheduled_for__gt=now).exists()
    assert not Post.objects.filter(created_at__gt=now).exists()


def test_the_demo_article_waiting_for_approval_is_in_the_executives_notifications():
    run_demo(now=timezone.now())
    (waiting,) = [a for a in Article.objects.select_related("person") if a.needs_approval]
    assert Nudge.objects.filter(
        user=waiting.person.user_id, kind=Nudge.Kind.AWAITING_APPROVAL, key__startswith="article:"
    ).exists()
