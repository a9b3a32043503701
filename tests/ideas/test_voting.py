"""Voting once, merging duplicates, statuses and official answers: the actions' rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.ideas import actions
from podium.ideas.models import Comment, Status, Vote
from tests.ideas.helpers import idea, identity

pytestmark = pytest.mark.django_db


def test_a_vote_counts_once_per_identity():
    one, nora = idea(), identity()
    assert one.vote_count == 1  # the author's own
    assert actions.do_vote(nora, one) is True
    assert actions.do_vote(nora, one) is False
    one.refresh_from_db()
    assert one.vote_count == 2 == one.votes.count()


def test_the_database_refuses_a_second_vote_whatever_the_code():
    one, nora = idea(), identity()
    Vote.objects.create(idea=one, identity=nora, created_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(idea=one, identity=nora, created_at=timezone.now())


def test_an_unverified_address_cannot_vote_and_is_told_why():
    one = idea()
    with pytest.raises(PermissionDenied, match="Open the link we emailed"):
        actions.do_vote(identity(verified=False), one)
    assert one.votes.count() == 1


def test_unvoting_removes_the_vote_and_the_count():
    one, nora = idea(), identity()
    actions.do_vote(nora, one)
    assert actions.do_unvote(nora, one) is True
    one.refresh_from_db()
    assert one.vote_count == 1


def test_votes_are_rate_limited_per_identity(settings):
    nora = identity()
    ideas = [idea(f"Idea number {n}", who=identity(f"a{n}@example.org")) for n in range(3)]
    limit, window = actions.LIMITS["vote"]
    actions.LIMITS["vote"] = (2, window)
    try:
        actions.do_vote(nora, ideas[0])
        actions.do_vote(nora, ideas[1])
        with pytest.raises(actions.RateLimitError, match="wait"):
            actions.do_vote(nora, ideas[2])
    finally:
        actions.LIMITS["vote"] = (limit, window)
    assert ideas[2].votes.filter(identity=nora).count() == 0


def test_merging_carries_votes_once_and_unmerging_takes_them_back(carol):
    first, second = idea("Late breakfast"), idea("Breakfast until noon")
    both, only_second = identity("both@example.org"), identity("second@example.org")
    actions.do_vote(both, first)
    actions.do_vote(both, second)
    actions.do_vote(only_second, second)
    carried = actions.do_merge(carol, second, first)
    first.refresh_from_db()
    # second's voters: its author (also first's author), both (already there), only_second.
    assert carried == 1
    assert first.vote_count == 3
    assert second.status == Status.DUPLICATE and second.merged_into == first
    assert AuditEntry.objects.filter(action="ideas.idea.merged").exists()
    actions.do_unmerge(carol, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.vote_count == 2 and second.merged_into is None
    assert second.status == Status.UNDER_REVIEW


def test_a_merge_into_itself_or_into_a_merged_idea_is_refused(carol):
    first, second, third = idea("One"), idea("Two"), idea("Three")
    with pytest.raises(ValidationError, match="itself"):
        actions.do_merge(carol, first, first)
    actions.do_merge(carol, second, first)
    with pytest.raises(ValidationError, match="itself merged"):
        actions.do_merge(carol, third, second)
    with pytest.raises(ValidationError, match="already merged"):
        actions.do_merge(carol, second, third)


def test_only_comms_and_admins_triage(erin):
    with pytest.raises(PermissionDenied):
        actions.do_change_status(erin, idea(), Status.PLANNED)


def test_a_status_change_is_history_and_audited(carol):
    one = idea()
    actions.do_change_status(carol, one, Status.PLANNED, "In the spring.")
    change = one.history.get()
    assert (change.old_status, change.new_status, change.message) == (
        Status.NEW,
        Status.PLANNED,
        "In the spring.",
    )
    entry = AuditEntry.objects.get(action="ideas.idea.status_changed")
    assert entry.after["status"] == "planned" and entry.actor_id == carol.pk


def test_declining_needs_a_reason_and_closes_comments(carol):
    one = idea()
    with pytest.raises(ValidationError) as refused:
        actions.do_change_status(carol, one, Status.DECLINED)
    assert "message" in refused.value.message_dict
    actions.do_change_status(carol, one, Status.DECLINED, "Our kitchens close at eleven.")
    with pytest.raises(ValidationError, match="comments are closed"):
        actions.do_comment(identity(), one, "But why?")


def test_an_answer_by_the_executive_shows_at_once(erin):
    one = idea()
    answer = actions.do_official_answer(erin, one, erin.person, "We are **trying** it.")
    one.refresh_from_db()
    assert answer.is_shown and one.answered_at is not None
    assert "<strong>trying</strong>" in answer.body_html


def test_an_answer_written_for_the_executive_waits_for_their_approval(carol, erin, frank):
    one = idea()
    answer = actions.do_official_answer(carol, one, erin.person, "We will.")
    assert not answer.is_shown
    with pytest.raises(PermissionDenied, match="Only Erin Executive"):
        actions.do_approve_answer(frank, answer)
    actions.do_approve_answer(erin, answer)
    answer.refresh_from_db()
    one.refresh_from_db()
    assert answer.is_shown and one.answered_at == answer.approved_at


def test_an_executive_cannot_answer_for_another(frank, erin):
    with pytest.raises(PermissionDenied):
        actions.do_official_answer(frank, idea(), erin.person, "Yes.")


def test_markdown_is_sanitised_in_ideas_and_comments():
    one = idea(description='<script>alert(1)</script><a href="javascript:x()">go</a> **ok**')
    assert "<script" not in one.description_html and "javascript:" not in one.description_html
    comment = actions.do_comment(identity(), one, "<img src=x onerror=alert(1)>")
    assert "onerror" not in comment.body_html
    assert Comment.objects.count() == 1


def test_an_empty_or_enormous_idea_is_refused_by_field():
    nora = identity()
    with pytest.raises(ValidationError) as empty:
        idea("   ", who=nora)
    assert "title" in empty.value.message_dict
    with pytest.raises(ValidationError) as huge:
        idea("Fine", who=nora, description="x" * 9000)
    assert "9000 characters" in huge.value.message_dict["description"][0]
