"""Approval chains at work: choosing a chain, approving, sending back, rejecting, fast-tracking,
reminders and escalation, and editing chains. Every write is audited in its transaction.

Rules (see chains.py for the models):
- a run is bound to `Revision.content_hash()` when it starts; each approval records the hash
  it approved, and nothing is approved whose content no longer has that hash;
- separation of duties: nobody decides on a revision of a post they wrote or edited (any
  revision of it), and one person fills at most one step of a run;
- when the last step is approved, the outbox is told the hash the chain cleared
  (`outbox.clear`), and it sends only content with that hash (checked again at claim time).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.permissions import require_role
from podium.accounts.roles import Role
from podium.governance import audit
from podium.governance.chains import Approval, ApprovalRun, Chain, ChainStep, Review
from podium.lib.text import first_line
from podium.notifications.actions import Kind, notify
from podium.org.models import Person
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from podium.publishing.approvals import NOT_NEEDED, Clearance
from podium.publishing.models import Post, Revision

CHAIN_EDITORS = frozenset({Role.ADMIN, Role.COMMS})
FAST_TRACKERS = frozenset({Role.ADMIN, Role.COMMS})
REVIEWERS = frozenset({Role.ADMIN, Role.COMMS, Role.APPROVER})
EXECUTIVE_STEP = "executive"
MAX_STEPS = 8
MAX_HOURS = 24 * 30
MAX_COMMENT = 2000
MAX_REASON = 1000
OPEN_STATES = (Publication.State.HELD, Publication.State.SCHEDULED)
STARTED_STATES = (
    Publication.State.CLAIMED,
    Publication.State.SENT,
    Publication.State.UNKNOWN,
    Publication.State.FAILED,
)


# ----------------------------------------------------------------------------- policy


def _policy() -> Any | None:
    """podium.policy.public when installed (findings_of, topics_of); it sits below governance."""
    if not django_apps.is_installed("podium.policy"):
        return None
    try:
        return importlib.import_module("podium.policy.public")
    except ModuleNotFoundError:  # the app without its public interface yet
        return None


def findings_of(revision: Revision) -> list[Any]:
    policy = _policy()
    if policy is None or not hasattr(policy, "findings_of"):
        return []
    return [f for f in policy.findings_of(revision) if getattr(f, "overridden_at", None) is None]


def topics_of(post: Post) -> list[str]:
    policy = _policy()
    if policy is None or not hasattr(policy, "topics_of"):
        return []
    names: list[str] = []
    for topic in policy.topics_of(post):
        names += [str(topic).casefold(), str(getattr(topic, "slug", "")).casefold()]
    return names


# ----------------------------------------------------------------------------- selection


def _finding_key(finding: Any) -> str:
    return str(getattr(finding, "key", "") or getattr(finding, "rule_key", ""))


def _is_step(finding: Any) -> bool:
    return str(getattr(finding, "effect", "")) == "step"


def matches(
    chain: Chain, revision: Revision, findings: Sequence[Any], topics: Iterable[str]
) -> bool:
    """Every rule the chain gives holds for `revision` (an empty rule holds for all)."""
    networks = {v.network for v in revision.variants.all()}
    if chain.networks and not set(chain.networks) & networks:
        return False
    if chain.topics and not {t.casefold() for t in chain.topics} & set(topics):
        return False
    people = {p.pk for p in chain.people.all()}
    if people and revision.post.person_id not in people:
        return False
    if chain.on_step_findings or chain.finding_rules:
        by_step = chain.on_step_findings and any(_is_step(f) for f in findings)
        by_rule = bool(set(chain.finding_rules) & {_finding_key(f) for f in findings})
        if not (by_step or by_rule):
            return False
    return True


def select_chain(revision: Revision) -> Chain | None:
    """The first active chain, by position, whose rules hold for `revision`; None: Voice's rule
    alone (the executive's own approval)."""
    chains = list(Chain.objects.filter(is_active=True).prefetch_related("people", "steps__users"))
    if not chains:
        return None
    findings = findings_of(revision)
    topics = topics_of(revision.post)
    for chain in chains:
        if matches(chain, revision, findings, topics):
            return chain
    return None


# ----------------------------------------------------------------------------- eligibility


def eligible_ids(role: str, users: Iterable[User]) -> list[int]:
    """Active users named, and active users with `role`."""
    ids = {u.pk for u in users if u.is_active}
    if role:
        ids |= set(User.objects.filter(role=role, is_active=True).values_list("pk", flat=True))
    return sorted(ids)


def writers_of(post: Post) -> set[int]:
    """Everyone who wrote or edited any revision of the post (and who created it)."""
    ids = set(post.revisions.values_list("created_by_id", flat=True))
    ids.add(post.created_by_id)
    return ids


def _steps_of(chain: Chain, revision: Revision) -> list[dict[str, Any]]:
    person = revision.post.person
    steps: list[dict[str, Any]] = [
        {
            "name": f"{person.name}'s own approval",
            "kind": EXECUTIVE_STEP,
            "approvers": [person.user_id] if person.user_id else [],
            "hours": None,
            "remind_after_hours": None,
            "backup": None,
        }
    ]
    for step in chain.steps.all():
        steps.append(
            {
                "name": step.name,
                "kind": step.kind,
                "approvers": eligible_ids(step.role, step.users.all()),
                "hours": step.hours,
                "remind_after_hours": step.remind_after_hours,
                "backup": step.backup_id,
            }
        )
    return steps


def _approved_by(run: ApprovalRun, index: int) -> set[int]:
    return set(
        run.approvals.filter(
            step=index, decision=Approval.Decision.APPROVED, voided_at__isnull=True
        ).values_list("approver_id", flat=True)
    )


def _step_done(run: ApprovalRun, index: int) -> bool:
    step = run.steps[index]
    revision = run.revision
    if step["kind"] == EXECUTIVE_STEP:
        return revision.written_by_executive or revision.approved_at is not None
    done = _approved_by(run, index)
    if run.escalated_to_id and run.step == index and run.escalated_to_id in done:
        return True
    if step["kind"] == ChainStep.Kind.ALL:
        required = set(step["approvers"]) - writers_of(revision.post)
        return bool(done) and required <= done
    return bool(done)


def may_decide(user: User, run: ApprovalRun) -> str:
    """ "" if `user` may decide on the run's current step now, else why not (a sentence)."""
    if run.state != ApprovalRun.State.WAITING:
        return f"This draft is no longer waiting ({run.get_state_display().lower()})."
    step = run.current
    if not step:
        return "This chain has no step left."
    if step["kind"] == EXECUTIVE_STEP:
        return "This step is the executive's own approval: only they give it."
    if not user.is_active:
        return "Your account is not active."
    if user.pk not in step["approvers"] and user.pk != run.escalated_to_id:
        return f"You are not an approver of the step “{step['name']}”."
    if user.pk in writers_of(run.revision.post):
        return "You wrote or edited this post: someone else must approve it."
    other = run.approvals.filter(voided_at__isnull=True, approver=user).exclude(step=run.step)
    if other.filter(decision=Approval.Decision.APPROVED).exists():
        return "You approved another step of this chain: one person fills one step."
    if user.pk in _approved_by(run, run.step):
        return "You have already approved this step."
    return ""


def _check_may_decide(user: User, run: ApprovalRun) -> None:
    why = may_decide(user, run)
    if why:
        raise PermissionDenied(why)


def _check_content(run: ApprovalRun, seen_hash: str | None) -> str:
    """The revision's content now; refused unless it is what the run (and the reader) saw."""
    now = run.revision.content_hash()
    if now != run.content_hash:
        raise ValidationError(
            "This draft's content changed after its approval chain started: it cannot be "
            "approved as it stands. Ask the writer to save it again."
        )
    if seen_hash is not None and seen_hash != now:
        raise ValidationError(
            "The draft changed since you opened it: reload it and read it again.", code="stale"
        )
    return now


# ----------------------------------------------------------------------------- runs


def _snapshot(run: ApprovalRun) -> dict[str, Any]:
    return {
        "chain": run.chain_name,
        "post": run.revision.post_id,
        "revision": run.revision.number,
        "content_hash": run.content_hash,
        "state": run.state,
        "step": run.step,
    }


def _open_publications(revision: Revision) -> list[Publication]:
    return list(
        revision.publications.filter(state__in=OPEN_STATES).select_related(
            "channel_account", "revision"
        )
    )


def _void_older(revision: Revision, *, actor: Any, via: str) -> None:
    older = ApprovalRun.objects.filter(revision__post=revision.post_id).exclude(revision=revision)
    for run in older.exclude(state__in=[ApprovalRun.State.VOID, ApprovalRun.State.REJECTED]):
        before = run.state
        run.state = ApprovalRun.State.VOID
        run.completed_at = timezone.now()
        run.save(update_fields=["state", "completed_at"])
        voided = run.approvals.filter(voided_at__isnull=True).update(voided_at=timezone.now())
        audit.record(
            actor=actor,
            action="approval_chain.voided",
            target=run,
            before={"state": before},
            after={**_snapshot(run), "approvals_voided": voided, "by_revision": revision.number},
            via=via,
        )


def start_run(revision: Revision, *, actor: Any, via: str) -> ApprovalRun | None:
    """Void the post's older runs; start the chain that applies to `revision`, if any."""
    revision = Revision.objects.select_related("post__person").get(pk=revision.pk)
    _void_older(revision, actor=actor, via=via)
    existing = revision.approval_runs.exclude(state=ApprovalRun.State.VOID).first()
    if existing is not None:
        return existing
    chain = select_chain(revision)
    if chain is None:
        return None
    run = ApprovalRun.objects.create(
        revision=revision,
        chain=chain,
        chain_name=chain.name,
        steps=_steps_of(chain, revision),
        content_hash=revision.content_hash(),
    )
    audit.record(
        actor=actor,
        action="approval_chain.started",
        target=run,
        after={**_snapshot(run), "steps": [s["name"] for s in run.steps]},
        via=via,
    )
    _advance(run, actor=actor, via=via)
    return run


def _advance(run: ApprovalRun, *, actor: Any, via: str) -> None:
    """Move past every step that is done; complete the run after the last one."""
    moved = False
    while run.step < len(run.steps) and _step_done(run, run.step):
        run.step += 1
        run.step_started_at = timezone.now()
        run.reminded_at = None
        run.escalated_to = None
        moved = True
    if run.step >= len(run.steps):
        run.state = ApprovalRun.State.APPROVED
        run.completed_at = timezone.now()
        run.save()
        released = outbox.clear(
            _open_publications(run.revision), run.content_hash, actor=actor, via=via
        )
        audit.record(
            actor=actor,
            action="approval_chain.completed",
            target=run,
            after={**_snapshot(run), "released": len(released)},
            via=via,
        )
        _notify_writer(run, Kind.APPROVED, "approved", "Every approval step cleared")
        return
    if moved:
        run.save()
        _notify_step(run)


def run_of(revision: Revision) -> ApprovalRun | None:
    """The revision's run that is not void (a revision has at most one)."""
    return revision.approval_runs.exclude(state=ApprovalRun.State.VOID).first()


def _locked(run: ApprovalRun) -> ApprovalRun:
    return (
        ApprovalRun.objects.select_for_update(of=("self",))
        .select_related("revision__post__person", "escalated_to")
        .get(pk=run.pk)
    )


def _check_latest(run: ApprovalRun) -> None:
    latest = run.revision.post.latest_revision
    if latest is None or latest.pk != run.revision_id:
        raise ValidationError("This text has been edited since: the newer text waits instead.")


@transaction.atomic
def do_approve(
    actor: User, run: ApprovalRun, *, seen_hash: str | None = None, via: str = "web"
) -> ApprovalRun:
    """`actor` approves the run's current step for the exact content it is bound to."""
    run = _locked(run)
    _check_may_decide(actor, run)
    _check_latest(run)
    content_hash = _check_content(run, seen_hash)
    step = run.step
    approval = Approval.objects.create(
        run=run,
        step=step,
        approver=actor,
        decision=Approval.Decision.APPROVED,
        content_hash=content_hash,
    )
    audit.record(
        actor=actor,
        action="approval.approved",
        target=run,
        after={
            **_snapshot(run),
            "step_name": run.steps[step]["name"],
            "approval": approval.pk,
            "escalated": run.escalated_to_id == actor.pk,
        },
        via=via,
    )
    _advance(run, actor=actor, via=via)
    return run


def _check_pin(revision: Revision, network: str, start: int | None, end: int | None) -> None:
    if not network and start is None and end is None:
        return
    variant = revision.variants.filter(network=network).first()
    if variant is None:
        raise ValidationError({"network": "Pin the comment to one of this post's networks."})
    if start is None or end is None or not 0 <= start < end <= len(variant.text):
        raise ValidationError(
            {
                "start": f"Choose words inside the text: start and end between 0 and "
                f"{len(variant.text)}, start before end."
            }
        )


def _decide(
    actor: User,
    run: ApprovalRun,
    decision: str,
    comment: str,
    *,
    network: str = "",
    start: int | None = None,
    end: int | None = None,
    seen_hash: str | None,
) -> tuple[ApprovalRun, Approval]:
    run = _locked(run)
    _check_may_decide(actor, run)
    _check_latest(run)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Say why, so the writer knows what to change."})
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": f"Keep the comment under {MAX_COMMENT} characters."})
    _check_pin(run.revision, network, start, end)
    content_hash = run.revision.content_hash()
    if seen_hash is not None and seen_hash != content_hash:
        raise ValidationError("The draft changed since you opened it: reload it.", code="stale")
    approval = Approval.objects.create(
        run=run,
        step=run.step,
        approver=actor,
        decision=decision,
        content_hash=content_hash,
        comment=comment,
        network=network,
        start=start,
        end=end,
    )
    return run, approval


@transaction.atomic
def do_send_back(
    actor: User,
    run: ApprovalRun,
    comment: str,
    *,
    network: str = "",
    start: int | None = None,
    end: int | None = None,
    seen_hash: str | None = None,
    via: str = "web",
) -> ApprovalRun:
    """Back to the writer with a comment (pinned to words when given); an edit starts again."""
    run, approval = _decide(
        actor,
        run,
        Approval.Decision.SENT_BACK,
        comment,
        network=network,
        start=start,
        end=end,
        seen_hash=seen_hash,
    )
    run.state = ApprovalRun.State.SENT_BACK
    run.completed_at = timezone.now()
    run.save(update_fields=["state", "completed_at"])
    audit.record(
        actor=actor,
        action="approval.sent_back",
        target=run,
        after={**_snapshot(run), "comment": approval.comment, "pinned": _pin(approval)},
        via=via,
    )
    _notify_writer(run, Kind.AWAITING_APPROVAL, "sent_back", f"Sent back: {approval.comment}")
    return run


@transaction.atomic
def do_reject(
    actor: User, run: ApprovalRun, comment: str, *, seen_hash: str | None = None, via: str = "web"
) -> ApprovalRun:
    """Final: the post does not go out; its open publications are cancelled."""
    run, approval = _decide(actor, run, Approval.Decision.REJECTED, comment, seen_hash=seen_hash)
    run.state = ApprovalRun.State.REJECTED
    run.completed_at = timezone.now()
    run.save(update_fields=["state", "completed_at"])
    cancelled = outbox.cancel(
        list(run.revision.post.publications.filter(state__in=OPEN_STATES)), actor=actor, via=via
    )
    audit.record(
        actor=actor,
        action="approval.rejected",
        target=run,
        after={**_snapshot(run), "comment": approval.comment, "cancelled": cancelled},
        via=via,
    )
    _notify_writer(run, Kind.AWAITING_APPROVAL, "rejected", f"Rejected: {approval.comment}")
    return run


def _pin(approval: Approval) -> dict[str, Any] | None:
    if not approval.network:
        return None
    return {"network": approval.network, "start": approval.start, "end": approval.end}


@transaction.atomic
def do_fast_track(actor: User, post: Post, reason: str, *, via: str = "web") -> ApprovalRun:
    """Publish at once, past the approval steps, for a stated reason; a review opens that
    someone else must close. The executive's own approval of a text written for them still
    applies (it is their name)."""
    require_role(actor, FAST_TRACKERS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why this post cannot wait for its approvals."})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Keep the reason under {MAX_REASON} characters."})
    post = Post.objects.select_for_update(of=("self",)).select_related("person").get(pk=post.pk)
    revision = post.latest_revision
    assert revision is not None
    run = run_of(revision)
    if run is not None and run.state == ApprovalRun.State.REJECTED:
        raise ValidationError("This post was rejected: write it again rather than fast-track it.")
    if run is not None and run.state in ApprovalRun.CLEARED:
        raise ValidationError("This text is already cleared: there is nothing to fast-track.")
    if post.publications.filter(state__in=STARTED_STATES).exists():
        raise ValidationError("This post is already on its way: there is nothing to fast-track.")
    content_hash = revision.content_hash()
    if run is None:
        run = ApprovalRun.objects.create(
            revision=revision,
            chain_name="Fast-track",
            steps=[],
            content_hash=content_hash,
        )
    else:
        run = _locked(run)
    before = run.state
    run.state = ApprovalRun.State.FAST_TRACKED
    run.content_hash = content_hash
    run.completed_at = timezone.now()
    run.save()
    Approval.objects.create(
        run=run,
        step=run.step,
        approver=actor,
        decision=Approval.Decision.FAST_TRACKED,
        content_hash=content_hash,
        comment=reason,
    )
    review = Review.objects.create(run=run, opened_by=actor, reason=reason)
    now = timezone.now()
    publications = _open_publications(revision)
    if publications:
        outbox.reschedule(publications, now, actor=actor, via=via)
        outbox.clear(_open_publications(revision), content_hash, actor=actor, via=via)
    audit.record(
        actor=actor,
        action="approval.fast_tracked",
        target=run,
        before={"state": before},
        after={**_snapshot(run), "reason": reason, "review": review.pk},
        via=via,
    )
    if not publications:
        from podium.publishing.actions import do_schedule  # publishing is below governance

        do_schedule(actor, post, None, via=via)
    _notify_reviewers(review)
    return run


@transaction.atomic
def do_close_review(actor: User, review: Review, note: str, *, via: str = "web") -> Review:
    require_role(actor, REVIEWERS)
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.closed_at is not None:
        raise ValidationError("This review is already closed.")
    if review.opened_by_id == actor.pk:
        raise PermissionDenied("You fast-tracked this post: someone else must review it.")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Write what the review found."})
    if len(note) > MAX_COMMENT:
        raise ValidationError({"note": f"Keep the note under {MAX_COMMENT} characters."})
    review.closed_by, review.closed_at, review.note = actor, timezone.now(), note
    review.save(update_fields=["closed_by", "closed_at", "note"])
    audit.record(
        actor=actor,
        action="approval.review_closed",
        target=review,
        after={"run": review.run_id, "note": note},
        via=via,
    )
    return review


# ----------------------------------------------------------------------------- time limits


@transaction.atomic
def tick(now: dt.datetime | None = None) -> dict[str, int]:
    """Reminders once a step's reminder time has passed, escalation to the step's backup once
    its time limit has: run every few minutes by the worker (tasks.py)."""
    now = now or timezone.now()
    counts = {"reminded": 0, "escalated": 0}
    waiting = ApprovalRun.objects.select_for_update(of=("self",)).filter(
        state=ApprovalRun.State.WAITING
    )
    for run in waiting.select_related("revision__post__person"):
        step = run.current
        if not step or step["kind"] == EXECUTIVE_STEP:
            continue
        waited = now - run.step_started_at
        remind = step.get("remind_after_hours")
        if remind and run.reminded_at is None and waited >= dt.timedelta(hours=remind):
            run.reminded_at = now
            run.save(update_fields=["reminded_at"])
            audit.record(
                actor=None,
                action="approval.reminded",
                target=run,
                after=_snapshot(run),
                via="worker",
            )
            _notify_step(run, reminder=True)
            counts["reminded"] += 1
        backup_id = step.get("backup")
        if (
            backup_id
            and run.escalated_to_id is None
            and step.get("hours")
            and waited >= dt.timedelta(hours=step["hours"])
        ):
            backup = User.objects.filter(pk=backup_id, is_active=True).first()
            if backup is None or backup.pk in writers_of(run.revision.post):
                continue
            run.escalated_to = backup
            run.save(update_fields=["escalated_to"])
            audit.record(
                actor=None,
                action="approval.escalated",
                target=run,
                after={**_snapshot(run), "to": backup.email},
                via="worker",
            )
            _notify_users(run, [backup], "escalated", f"Escalated to you after {step['hours']} h")
            counts["escalated"] += 1
    return counts


# ----------------------------------------------------------------------------- notifying


def _summary(run: ApprovalRun) -> str:
    return first_line(run.revision.text)


def _notify_users(run: ApprovalRun, users: Iterable[User], tag: str, why: str) -> None:
    person: Person = run.revision.post.person
    step = run.current
    notify(
        users,
        Kind.AWAITING_APPROVAL,
        f"run:{run.pk}:{run.step}:{tag}",
        f"{why}: {person.name}'s post waits for the step “{step.get('name', '')}”: "
        f"“{_summary(run)}”",
        reverse("governance-approver-home"),
        person=person,
        subject=f"{person.name}'s post waits for your approval",
    )


def _notify_step(run: ApprovalRun, *, reminder: bool = False) -> None:
    step = run.current
    if not step or step["kind"] == EXECUTIVE_STEP:
        return
    writers = writers_of(run.revision.post)
    ids = [pk for pk in step["approvers"] if pk not in writers]
    users = list(User.objects.filter(pk__in=ids))
    if reminder:
        _notify_users(run, users, "reminder", "Reminder")
    else:
        _notify_users(run, users, "waiting", "Waiting for you")


def _notify_writer(run: ApprovalRun, kind: str, tag: str, what: str) -> None:
    revision = run.revision
    person = revision.post.person
    users = [revision.created_by]
    if person.user is not None:
        users.append(person.user)
    notify(
        users,
        kind,
        f"run:{run.pk}:{tag}",
        f"{what}: “{_summary(run)}” ({person.name}).",
        reverse("publishing-show-post", args=[revision.post_id]),
        person=person,
        subject=f"{person.name}'s post: {run.get_state_display().lower()}",
    )


def _notify_reviewers(review: Review) -> None:
    run = review.run
    person = run.revision.post.person
    users = User.objects.filter(role__in=list(REVIEWERS), is_active=True).exclude(
        pk=review.opened_by_id
    )
    notify(
        users,
        Kind.AWAITING_APPROVAL,
        f"review:{review.pk}",
        f"Fast-tracked by {review.opened_by.email} ({review.reason}): review it afterwards.",
        reverse("governance-approver-home"),
        person=person,
        subject=f"{person.name}'s post was fast-tracked: review it",
    )


# ----------------------------------------------------------------------------- chains


@dataclass
class StepInput:
    name: str
    kind: str = ChainStep.Kind.ANY
    role: str = ""
    users: list[User] = field(default_factory=list)
    hours: int = 48
    remind_after_hours: int | None = None
    backup: User | None = None


@dataclass
class ChainInput:
    name: str
    steps: list[StepInput]
    position: int = 100
    is_active: bool = True
    networks: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    on_step_findings: bool = False
    finding_rules: list[str] = field(default_factory=list)


def check_chain(data: ChainInput, chain: Chain | None = None) -> None:
    """Refuse a chain that could not work, naming the field or the step."""
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors.setdefault("name", []).append("Give the chain a name.")
    elif len(name) > 120:
        errors.setdefault("name", []).append("Keep the name under 120 characters.")
    elif Chain.objects.filter(name=name).exclude(pk=chain.pk if chain else 0).exists():
        errors.setdefault("name", []).append(f"A chain named “{name}” exists: choose another.")
    if not 0 <= data.position <= 10_000:
        errors.setdefault("position", []).append("Choose a position from 0 to 10000.")
    if not data.steps:
        errors.setdefault("steps", []).append("Add at least one step.")
    if len(data.steps) > MAX_STEPS:
        errors.setdefault("steps", []).append(f"A chain has at most {MAX_STEPS} steps.")
    # Numbered as the chain's pages show them: step 1 is always the executive's own approval.
    for number, step in enumerate(data.steps, start=2):
        label = f"Step {number} “{step.name.strip() or '(no name)'}”"
        if not step.name.strip():
            errors.setdefault("steps", []).append(f"Step {number}: give it a name.")
        if step.kind not in ChainStep.Kind.values:
            errors.setdefault("steps", []).append(f"{label}: choose “any one of” or “all of”.")
        if step.role and step.role not in Role.values:
            errors.setdefault("steps", []).append(f"{label}: choose a role Podium has.")
        if not eligible_ids(step.role, step.users):
            errors.setdefault("steps", []).append(
                f"{label} has no eligible approver: name active people or a role someone holds."
            )
        if not 1 <= step.hours <= MAX_HOURS:
            errors.setdefault("steps", []).append(
                f"{label}: a time limit from 1 to {MAX_HOURS} hours."
            )
        if step.remind_after_hours is not None and not 1 <= step.remind_after_hours < step.hours:
            errors.setdefault("steps", []).append(
                f"{label}: remind after 1 hour or more, and before the time limit."
            )
        if step.backup is not None and not step.backup.is_active:
            errors.setdefault("steps", []).append(f"{label}: the backup's account is not active.")
    if errors:
        raise ValidationError(errors)


def chain_snapshot(chain: Chain) -> dict[str, Any]:
    return {
        "name": chain.name,
        "position": chain.position,
        "is_active": chain.is_active,
        "networks": chain.networks,
        "topics": chain.topics,
        "people": sorted(p.pk for p in chain.people.all()),
        "on_step_findings": chain.on_step_findings,
        "finding_rules": chain.finding_rules,
        "steps": [
            {
                "name": s.name,
                "kind": s.kind,
                "role": s.role,
                "users": sorted(u.pk for u in s.users.all()),
                "hours": s.hours,
                "remind_after_hours": s.remind_after_hours,
                "backup": s.backup_id,
            }
            for s in chain.steps.all()
        ],
    }


@transaction.atomic
def do_save_chain(
    actor: User, data: ChainInput, chain: Chain | None = None, *, via: str = "web"
) -> Chain:
    """Create (chain=None) or change a chain with its steps; drafts already waiting keep the
    steps they started with."""
    require_role(actor, CHAIN_EDITORS)
    check_chain(data, chain)
    before = chain_snapshot(chain) if chain is not None else None
    chain = chain or Chain()
    chain.name = data.name.strip()
    chain.position = data.position
    chain.is_active = data.is_active
    chain.networks = sorted(set(data.networks))
    chain.topics = sorted({t.strip() for t in data.topics if t.strip()})
    chain.on_step_findings = data.on_step_findings
    chain.finding_rules = sorted({r.strip() for r in data.finding_rules if r.strip()})
    chain.updated_at = timezone.now()
    chain.save()
    chain.people.set(data.people)
    chain.steps.all().delete()
    for position, step in enumerate(data.steps):
        made = ChainStep.objects.create(
            chain=chain,
            position=position,
            name=step.name.strip(),
            kind=step.kind,
            role=step.role,
            hours=step.hours,
            remind_after_hours=step.remind_after_hours,
            backup=step.backup,
        )
        made.users.set(step.users)
    chain = Chain.objects.prefetch_related("people", "steps__users").get(pk=chain.pk)
    audit.record(
        actor=actor,
        action="approval_chain.created" if before is None else "approval_chain.changed",
        target=chain,
        before=before,
        after=chain_snapshot(chain),
        via=via,
    )
    return chain


@transaction.atomic
def do_delete_chain(actor: User, chain: Chain, *, via: str = "web") -> None:
    require_role(actor, CHAIN_EDITORS)
    before = chain_snapshot(chain)
    audit.record(actor=actor, action="approval_chain.deleted", target=chain, before=before, via=via)
    chain.delete()


# ----------------------------------------------------------------------------- the gate


class Gate:
    """What publishing asks (podium.publishing.approvals.ApprovalChains), registered at start."""

    def revision_written(self, revision: Revision, *, actor: Any, via: str) -> None:
        start_run(revision, actor=actor, via=via)

    def revision_approved(self, revision: Revision, *, actor: Any, via: str) -> None:
        run = run_of(revision)
        if run is not None and run.state == ApprovalRun.State.WAITING:
            _advance(_locked(run), actor=actor, via=via)

    def clearance(self, revision: Revision) -> Clearance:
        run = run_of(revision)
        if run is None:
            # Findings may appear only when it is scheduled (a quiet period): choose again.
            run = start_run(revision, actor=None, via="system")
        if run is None:
            return NOT_NEEDED
        if run.is_cleared:
            return Clearance(needed=True, content_hash=run.content_hash)
        return Clearance(needed=True)


def queue_runs(user: User) -> list[ApprovalRun]:
    """The runs whose current step `user` may decide now, oldest wait first."""
    runs = (
        ApprovalRun.objects.filter(state=ApprovalRun.State.WAITING)
        .filter(Q(escalated_to=user) | Q(step__gt=0))
        .select_related("revision__post__person", "revision__created_by", "escalated_to")
        .prefetch_related("revision__variants", "approvals")
        .order_by("step_started_at", "pk")
    )
    return [run for run in runs[:500] if not may_decide(user, run)]


def open_reviews(user: User) -> list[Review]:
    """Fast-track reviews `user` may close (not their own)."""
    if not user.has_role(*REVIEWERS):
        return []
    return list(
        Review.objects.filter(closed_at__isnull=True)
        .exclude(opened_by=user)
        .select_related("run__revision__post__person", "opened_by")[:100]
    )
