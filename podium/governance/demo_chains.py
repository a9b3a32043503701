"""Demo step (run at the end of governance's): three approval chains that route the policy step's
flagged drafts, and those drafts waiting at each step.

- "Policy steps": any draft with a finding that requires a step (the finance executive's quiet
  period, forward-looking words) goes to legal (the approvers; reminder after a day, escalated
  to the communications manager after two).
- "Results and partnerships": drafts on those topics go to the communications team, then to
  the approvers; so does everything of the finance executive's ("Finance before results").
Drafts and upcoming posts both: the finance executive's upcoming posts fall in the quiet
period. The runs are written directly, as the drafts themselves were (no notification or email
for made-up drafts); a few have their first approver step approved already.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from podium.accounts.roles import Role
from podium.governance import approvals
from podium.governance.chains import Approval, ApprovalRun, Chain, ChainStep
from podium.lib.demo import DemoContext
from podium.outbox.models import Publication
from podium.publishing.models import Post

LABEL = "approval chains"
OPEN_STATES = (Publication.State.HELD, Publication.State.SCHEDULED)


def _chains(ctx: DemoContext) -> list[Chain]:
    comms = ctx.users_by_role.get(Role.COMMS, [])
    made = []
    policy = Chain.objects.create(name="Policy steps", position=20, on_step_findings=True)
    ChainStep.objects.create(
        chain=policy,
        position=0,
        name="Legal",
        role=Role.APPROVER,
        hours=48,
        remind_after_hours=24,
        backup=comms[0] if comms else None,
    )
    made.append(policy)
    topics = Chain.objects.create(
        name="Results and partnerships", position=10, topics=["partnerships", "results"]
    )
    finance = Chain.objects.create(name="Finance before results", position=15)
    if len(ctx.people) > 1:
        finance.people.set([ctx.people[1]])
    for chain in (topics, finance):
        ChainStep.objects.create(chain=chain, position=0, name="Communications", role=Role.COMMS)
        ChainStep.objects.create(chain=chain, position=1, name="Legal", role=Role.APPROVER)
        made.append(chain)
    return made


def populate(ctx: DemoContext) -> None:
    _chains(ctx)
    drafts = list(
        Post.objects.filter(person__in=ctx.people)
        .filter(Q(scheduled_for__isnull=True) | Q(scheduled_for__gte=ctx.now))
        .select_related("person", "created_by")
        .prefetch_related("revisions__variants")
        .order_by("pk")
    )
    comms = ctx.users_by_role.get(Role.COMMS, [])
    held: list[int] = []
    for index, post in enumerate(drafts):
        revision = post.revisions.order_by("-number")[0]
        chain = approvals.select_chain(revision)
        if chain is None:
            continue
        run = ApprovalRun(
            revision=revision,
            chain=chain,
            chain_name=chain.name,
            steps=approvals._steps_of(chain, revision),
            content_hash=revision.content_hash(),
            step=0 if revision.needs_executive_approval else 1,
            step_started_at=ctx.now - dt.timedelta(hours=2 + 5 * (index % 6)),
            created_at=ctx.now - dt.timedelta(hours=3 + 5 * (index % 6)),
        )
        run.save()
        held.append(revision.pk)
        writers = approvals.writers_of(post)
        second_step = run.step == 1 and len(run.steps) > 2 and index % 2 == 0
        approver = next((u for u in comms if u.pk not in writers), None)
        if second_step and approver is not None:
            Approval.objects.create(
                run=run,
                step=1,
                approver=approver,
                decision=Approval.Decision.APPROVED,
                content_hash=run.content_hash,
                at=run.step_started_at,
            )
            run.step = 2
            run.step_started_at = run.step_started_at + dt.timedelta(hours=1)
            run.save(update_fields=["step", "step_started_at"])
        ctx.progress(LABEL, index + 1, len(drafts))
    # Their publications wait for the chain, bound to its content, as scheduling them with the
    # chain in force would have made them (written directly, like the demo's publications).
    waiting = Publication.objects.filter(revision_id__in=held, state__in=OPEN_STATES)
    waiting.update(needs_clearance=True)
    waiting.exclude(hold=Publication.Hold.EXECUTIVE_APPROVAL).update(
        state=Publication.State.HELD, hold=Publication.Hold.APPROVAL_STEP
    )
