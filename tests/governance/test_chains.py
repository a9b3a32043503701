"""Approval chains: selection, steps, separation of duties, binding to the content hash,
escalation, fast-track, and the outbox refusing what no complete chain cleared."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from podium.accounts.roles import Role
from podium.governance import approvals, audit_chain
from podium.governance.approvals import ChainInput, StepInput, do_save_chain
from podium.governance.chains import ApprovalRun
from podium.governance.models import AuditEntry
from podium.notifications.models import Nudge
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from podium.publishing.actions import do_approve_revision, do_create_post, do_edit_post
from podium.publishing.models import Variant
from tests.conftest import make_user
from tests.governance.chaining import chain, scheduled_post
from tests.publishing.fakes import fake_network_fixture  # noqa: F401 - used by name

State = Publication.State
Hold = Publication.Hold


def publications(post) -> list[Publication]:
    return list(Publication.objects.filter(post=post).order_by("pk"))


def run_of(post) -> ApprovalRun:
    run = approvals.run_of(post.latest_revision)
    assert run is not None
    return run


@pytest.fixture
def legal(organisation):
    return make_user("lena@example.com", "Lena Legal", Role.APPROVER)


# ------------------------------------------------------------------ selection


def test_a_post_no_chain_selects_keeps_voices_rule(erin, carol, arthur):
    chain(carol, networks=["linkedin"])
    post = scheduled_post(erin, erin.person, networks=("mastodon",))

    assert approvals.run_of(post.latest_revision) is None
    (publication,) = publications(post)
    assert publication.state == State.SCHEDULED
    assert not publication.needs_clearance


def test_selection_by_channel_and_person_first_match_by_position(erin, frank, carol, arthur):
    chain(carol, name="LinkedIn", networks=["linkedin"], position=2)
    chain(carol, name="Erin's posts", people=[erin.person], position=1)

    erins = scheduled_post(erin, erin.person, networks=("linkedin",))
    franks_linkedin = scheduled_post(frank, frank.person, networks=("linkedin",))
    franks_mastodon = scheduled_post(frank, frank.person, networks=("mastodon",))

    assert run_of(erins).chain_name == "Erin's posts"
    assert run_of(franks_linkedin).chain_name == "LinkedIn"
    assert approvals.run_of(franks_mastodon.latest_revision) is None


def test_selection_by_findings_and_topics_with_the_policy_app(erin, carol, arthur, monkeypatch):
    class Finding:
        def __init__(self, key: str, effect: str) -> None:
            self.key, self.effect = key, effect

    class Policy:
        @staticmethod
        def findings_of(revision):
            return [Finding("policy.rule:7", "step")] if "expect" in revision.text else []

        @staticmethod
        def topics_of(post):
            return ["results"] if "results" in post.latest_revision.text else []

    monkeypatch.setattr(approvals, "_policy", lambda: Policy)
    chain(carol, name="Step findings", on_step_findings=True, position=1)
    chain(carol, name="Results", topics=["results", "partnerships"], position=2)

    flagged = scheduled_post(erin, erin.person, text="We expect growth.")
    results = scheduled_post(erin, erin.person, text="Our results are out.")
    plain = scheduled_post(erin, erin.person, text="Good morning.")

    assert run_of(flagged).chain_name == "Step findings"
    assert run_of(results).chain_name == "Results"
    assert approvals.run_of(plain.latest_revision) is None


# ------------------------------------------------------------------ saving chains


def test_a_step_with_no_eligible_approver_is_refused_naming_the_step(carol, erin):
    # No one holds the approver role, and the only person named is inactive.
    gone = make_user("gone@example.com", "Gone", Role.APPROVER)
    gone.is_active = False
    gone.save()
    steps = [
        StepInput(name="Comms", users=[carol]),
        StepInput(name="Legal review", role=Role.APPROVER, users=[gone]),
    ]
    with pytest.raises(ValidationError) as error:
        do_save_chain(carol, ChainInput(name="Legal", steps=steps))

    assert "Step 3 “Legal review” has no eligible approver" in str(error.value)
    assert not approvals.Chain.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="approval_chain").exists()


def test_only_comms_and_administrators_edit_chains(arthur, erin):
    with pytest.raises(PermissionDenied):
        chain(arthur)
    with pytest.raises(PermissionDenied):
        chain(erin)


def test_every_change_to_a_chain_is_audited(carol, arthur, legal):
    made = chain(carol)
    do_save_chain(
        carol,
        ChainInput(name="Legal", steps=[StepInput(name="Lena", users=[legal])]),
        made,
    )
    approvals.do_delete_chain(carol, made)

    entries = list(AuditEntry.objects.filter(action__startswith="approval_chain.").order_by("pk"))
    assert [e.action for e in entries] == [
        "approval_chain.created",
        "approval_chain.changed",
        "approval_chain.deleted",
    ]
    assert entries[1].before["steps"][0]["role"] == Role.APPROVER
    assert entries[1].after["steps"][0]["users"] == [legal.pk]


# ------------------------------------------------------------------ steps


def test_any_one_of_then_all_of_then_the_posts_go_out(erin, carol, arthur, legal, fake_network):
    bob = make_user("bob@example.com", "Bob Board", Role.APPROVER)
    chain(
        carol,
        steps=[
            StepInput(name="Any approver", role=Role.APPROVER),
            StepInput(name="Legal and board", kind="all", users=[legal, bob]),
        ],
    )
    post = scheduled_post(erin, erin.person, networks=("mastodon", "bluesky"))
    run = run_of(post)
    assert run.step == 1  # erin wrote it: her own approval is given
    assert {p.hold for p in publications(post)} == {Hold.APPROVAL_STEP}

    approvals.do_approve(arthur, run)
    run.refresh_from_db()
    assert run.step == 2
    approvals.do_approve(legal, run)
    run.refresh_from_db()
    assert (run.step, run.state) == (2, ApprovalRun.State.WAITING)
    assert {p.state for p in publications(post)} == {State.HELD}

    approvals.do_approve(bob, run)
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.APPROVED
    content_hash = post.latest_revision.content_hash()
    assert {(p.state, p.cleared_hash) for p in publications(post)} == {
        (State.SCHEDULED, content_hash)
    }
    assert [a.content_hash for a in run.approvals.all()] == [content_hash] * 3


def test_the_executives_own_approval_is_the_first_step(ian, erin, carol, arthur):
    chain(carol)
    post = scheduled_post(ian, erin.person)
    run = run_of(post)
    assert run.step == 0
    assert {p.hold for p in publications(post)} == {Hold.EXECUTIVE_APPROVAL}
    assert approvals.queue_runs(arthur) == []
    with pytest.raises(PermissionDenied, match="executive's own approval"):
        approvals.do_approve(arthur, run)

    do_approve_revision(erin, post.latest_revision)

    run.refresh_from_db()
    assert run.step == 1
    assert {p.hold for p in publications(post)} == {Hold.APPROVAL_STEP}
    assert approvals.queue_runs(arthur) == [run]
    approvals.do_approve(arthur, run)
    assert {p.state for p in publications(post)} == {State.SCHEDULED}


# ------------------------------------------------------------------ separation of duties


def test_no_one_approves_a_post_they_wrote_or_edited(erin, carol, arthur, legal):
    chain(carol, steps=[StepInput(name="Approvers", role=Role.APPROVER)])
    # arthur is an approver but edited an earlier revision... as comms cannot, make arthur write.
    post = scheduled_post(carol, erin.person)
    do_approve_revision(erin, post.latest_revision)
    run = run_of(post)
    assert approvals.may_decide(carol, run)  # carol wrote it (and is not an approver)

    # An approver who edited an earlier revision cannot approve the newest one.
    from podium.governance.chains import ChainStep

    step = ChainStep.objects.get()
    step.users.add(carol)
    carol.role = Role.APPROVER
    carol.save()
    chain_two = chain(
        make_user("cm@example.com", "Cee Comms", Role.COMMS),
        name="Carol too",
        steps=[StepInput(name="Carol", users=[carol])],
        position=0,
    )
    assert chain_two
    edited = do_edit_post(erin, post, "Results are in, edited.", {"mastodon": {"text": "x"}})
    run = approvals.run_of(edited)
    assert run is not None and run.chain_name == "Carol too"
    with pytest.raises(PermissionDenied, match="wrote or edited"):
        approvals.do_approve(carol, run)
    assert approvals.queue_runs(carol) == []


def test_one_person_cannot_fill_two_steps(erin, carol, arthur, legal):
    chain(
        carol,
        steps=[
            StepInput(name="First", users=[arthur, legal]),
            StepInput(name="Second", users=[arthur, legal]),
        ],
    )
    run = run_of(scheduled_post(erin, erin.person))
    approvals.do_approve(arthur, run)

    with pytest.raises(PermissionDenied, match="one person fills one step"):
        approvals.do_approve(arthur, run)
    assert approvals.queue_runs(arthur) == []
    approvals.do_approve(legal, run)
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.APPROVED


# ------------------------------------------------------------------ bound to the content


def test_an_edit_voids_the_approvals_and_starts_again(erin, carol, arthur, legal):
    chain(
        carol,
        steps=[StepInput(name="First", users=[arthur]), StepInput(name="Second", users=[legal])],
    )
    post = scheduled_post(erin, erin.person)
    old = run_of(post)
    approvals.do_approve(arthur, old)

    revision = do_edit_post(erin, post, "Results are in!", {"mastodon": {"text": "Now!"}})

    old.refresh_from_db()
    assert old.state == ApprovalRun.State.VOID
    assert all(a.voided_at for a in old.approvals.all())
    new = approvals.run_of(revision)
    assert new is not None and new.step == 1 and new.content_hash == revision.content_hash()
    assert new.content_hash != old.content_hash
    (publication,) = [p for p in publications(post) if p.state != State.CANCELLED]
    assert (publication.revision_id, publication.hold) == (revision.pk, Hold.APPROVAL_STEP)
    assert AuditEntry.objects.filter(action="approval_chain.voided").count() == 1


def test_the_hash_covers_every_field_sent_but_not_the_schedule(erin, carol):
    post = scheduled_post(erin, erin.person)
    revision = post.latest_revision
    first = revision.content_hash()
    variant = revision.variants.get()
    seen = {first}
    for name, value in [
        ("text", "Other words."),
        ("thread", ["A second part."]),
        ("link", "https://example.com/results"),
        ("content_warning", "Numbers"),
        ("visibility", Variant.Visibility.UNLISTED),
    ]:
        setattr(variant, name, value)
        variant.save()
        now = revision.content_hash()
        assert now not in seen, name
        seen.add(now)
    post.refresh_from_db()
    post.scheduled_for = post.scheduled_for + dt.timedelta(days=1)
    post.save()
    assert revision.content_hash() in seen


def test_the_outbox_refuses_at_claim_time_content_changed_after_approval(
    erin, carol, arthur, fake_network
):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    approvals.do_approve(arthur, run_of(post))
    (publication,) = publications(post)
    assert publication.state == State.SCHEDULED
    # Someone with database access changes the approved text.
    Variant.objects.filter(revision__post=post).update(text="Buy our stock now.")
    Publication.objects.filter(pk=publication.pk).update(due_at=timezone.now())

    outbox.sweep("worker-1")

    publication.refresh_from_db()
    assert fake_network.publish_calls() == []
    assert (publication.state, publication.hold) == (State.HELD, Hold.APPROVAL_STEP)
    assert "differs from what its approval chain cleared" in publication.waiting_reason
    assert AuditEntry.objects.filter(
        action="publication.refused_uncleared", target_id=str(publication.pk)
    ).exists()
    assert audit_chain.verify().intact


def test_an_uncleared_publication_forced_to_scheduled_is_not_sent(
    erin, carol, arthur, fake_network
):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    Publication.objects.filter(post=post).update(
        state=State.SCHEDULED, hold="", due_at=timezone.now()
    )

    outbox.sweep("worker-1")

    assert fake_network.publish_calls() == []
    assert {p.state for p in publications(post)} == {State.HELD}


# ------------------------------------------------------------------ send back, reject


def test_send_back_with_a_comment_pinned_to_words(ian, erin, carol, arthur):
    chain(carol)
    post = scheduled_post(ian, erin.person, text="We will grow 40% next year.")
    do_approve_revision(erin, post.latest_revision)
    run = run_of(post)

    with pytest.raises(ValidationError) as error:
        approvals.do_send_back(arthur, run, "Too strong", network="mastodon", start=3, end=99)
    assert "start" in error.value.message_dict
    approvals.do_send_back(
        arthur, run, "A forward-looking claim", network="mastodon", start=3, end=12
    )

    run.refresh_from_db()
    assert run.state == ApprovalRun.State.SENT_BACK
    (comment,) = run.approvals.all()
    assert post.latest_revision.variants.get().text[comment.start : comment.end] == "will grow"
    entry = AuditEntry.objects.get(action="approval.sent_back")
    assert entry.after["pinned"] == {"network": "mastodon", "start": 3, "end": 12}
    assert Nudge.objects.filter(user=ian, key=f"run:{run.pk}:sent_back").exists()
    assert {p.state for p in publications(post)} == {State.HELD}
    assert approvals.queue_runs(arthur) == []


def test_reject_is_final_and_unschedules(erin, carol, arthur):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    run = run_of(post)

    approvals.do_reject(arthur, run, "Not on brand")

    run.refresh_from_db()
    assert run.state == ApprovalRun.State.REJECTED
    assert {p.state for p in publications(post)} == {State.CANCELLED}
    assert AuditEntry.objects.filter(action="approval.rejected").count() == 1
    with pytest.raises(ValidationError, match="rejected"):
        approvals.do_fast_track(carol, post, "Urgent")


# ------------------------------------------------------------------ time limits


def test_reminder_then_escalation_to_the_backup_after_the_time_limit(erin, carol, arthur, legal):
    chain(
        carol,
        steps=[
            StepInput(name="Arthur", users=[arthur], hours=24, remind_after_hours=4, backup=legal)
        ],
    )
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run = run_of(scheduled_post(erin, erin.person))
    assert approvals.tick(start + dt.timedelta(hours=3)) == {"reminded": 0, "escalated": 0}
    assert approvals.tick(start + dt.timedelta(hours=5)) == {"reminded": 1, "escalated": 0}
    assert Nudge.objects.filter(user=arthur, key=f"run:{run.pk}:1:reminder").exists()
    assert approvals.queue_runs(legal) == []

    assert approvals.tick(start + dt.timedelta(hours=25)) == {"reminded": 0, "escalated": 1}
    assert approvals.tick(start + dt.timedelta(hours=26)) == {"reminded": 0, "escalated": 0}
    run.refresh_from_db()
    assert run.escalated_to == legal
    assert Nudge.objects.filter(user=legal, key=f"run:{run.pk}:1:escalated").exists()
    assert approvals.queue_runs(legal) == [run]
    approvals.do_approve(legal, run)
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.APPROVED
    assert AuditEntry.objects.get(action="approval.approved").after["escalated"] is True


# ------------------------------------------------------------------ fast-track


def test_fast_track_publishes_at_once_and_opens_a_review(erin, carol, arthur, alice, fake_network):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    with pytest.raises(PermissionDenied):
        approvals.do_fast_track(arthur, post, "Urgent")
    with pytest.raises(ValidationError):
        approvals.do_fast_track(carol, post, "  ")

    run = approvals.do_fast_track(carol, post, "Correcting a false report")

    assert run.state == ApprovalRun.State.FAST_TRACKED
    outbox.sweep("worker-1")
    assert len(fake_network.publish_calls()) == 1
    assert {p.state for p in publications(post)} == {State.SENT}
    review = run.review
    assert approvals.open_reviews(carol) == []
    assert approvals.open_reviews(alice) == [review]
    with pytest.raises(PermissionDenied):
        approvals.do_close_review(carol, review, "Fine")
    approvals.do_close_review(alice, review, "Checked: it was right to publish.")
    assert approvals.open_reviews(alice) == []
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"approval.fast_tracked", "approval.review_closed"} <= actions


def test_fast_track_of_a_draft_schedules_it_now(erin, carol, fake_network):
    from tests.publishing.composing import account

    account(erin.person, "mastodon")
    post = do_create_post(erin, erin.person, "Statement.", {"mastodon": {"text": "Statement."}})

    approvals.do_fast_track(carol, post, "Crisis statement")
    outbox.sweep("worker-1")

    assert {p.state for p in publications(post)} == {State.SENT}
