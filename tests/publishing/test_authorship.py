"""Authorship: a text written for an executive goes out only once they approve that exact text."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from podium.publishing.actions import do_approve_revision, do_edit_post, do_schedule
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def states(post):
    return sorted((p.revision.number, p.state, p.waiting_reason) for p in post.publications.all())


def test_it_holds_what_an_assistant_drafts_until_erin_approves(ian, erin):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    assert {s for _, s, _ in states(post)} == {"held"}
    assert {r for _, _, r in states(post)} == {"Waiting for Erin Executive's approval"}
    do_approve_revision(erin, post.latest_revision)
    assert {s for _, s, _ in states(post)} == {"scheduled"}
    assert AuditEntry.objects.filter(action="post.approved").exists()


def test_it_schedules_what_erin_writes_herself_at_once(erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    assert {s for _, s, _ in states(post)} == {"scheduled"}


def test_it_needs_approval_again_after_an_edit(ian, erin):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    do_approve_revision(erin, post.latest_revision)
    revision = do_edit_post(ian, post, "Changed text.", {"mastodon": {"text": "Changed text."}})
    open_ = post.publications.exclude(state=Publication.State.CANCELLED)
    assert [(p.revision.number, p.state) for p in open_] == [(2, "held")]
    assert revision.approved_at is None
    with pytest.raises(ValidationError, match="approve the latest revision"):
        do_approve_revision(erin, post.revisions.get(number=1))
    do_approve_revision(erin, revision)
    assert list(open_.values_list("state", flat=True)) == ["scheduled"]


def test_frank_cannot_approve_erins_post(ian, erin, frank):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    with pytest.raises(PermissionDenied, match="Only Erin Executive"):
        do_approve_revision(frank, post.latest_revision)
    with pytest.raises(PermissionDenied):
        do_approve_revision(ian, post.latest_revision)
    assert {s for _, s, _ in states(post)} == {"held"}


def test_comms_drafts_also_need_the_executives_approval(carol, erin):
    post = draft(carol, erin.person)
    assert post.latest_revision.needs_executive_approval
    do_schedule(carol, post, later())
    assert {s for _, s, _ in states(post)} == {"held"}


def test_an_approved_post_for_an_account_needing_reconnection_stays_held(ian, erin):
    erin.person.channel_accounts.filter(network="x").update(
        status="needs_reconnect", status_reason="the token was revoked"
    )
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    do_approve_revision(erin, post.latest_revision)
    by_network = {p.variant.network: p for p in post.publications.all()}
    assert by_network["mastodon"].state == "scheduled"
    assert by_network["x"].state == "held"
    assert "needs reconnecting" in by_network["x"].waiting_reason


def test_a_draft_for_an_executive_without_a_sign_in_says_what_to_do(carol, erin):
    from podium.publishing.models import Post

    person = erin.person
    person.user = None
    person.save()
    post = draft(carol, person)
    do_schedule(carol, post, later())
    reasons = {p.waiting_reason for p in Post.objects.get().publications.all()}
    assert reasons == {
        "Waiting for Erin Executive's approval "
        "(Erin Executive has no sign-in yet: give them one under People)"
    }
    person.user = erin
    person.save()
    do_approve_revision(erin, post.latest_revision)
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}
