"""The demo's approval chains: the policy step's flagged drafts wait for the demo's approvers,
some at each step, and the demo approver's queue shows them."""

from __future__ import annotations

from collections import Counter

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.governance import approvals
from podium.governance.chains import ApprovalRun, Chain
from podium.system.demo import run_demo


def test_flagged_drafts_wait_at_each_step_of_the_demo_chains(db):
    run_demo()

    assert set(Chain.objects.values_list("name", flat=True)) == {
        "Policy steps",
        "Results and partnerships",
        "Finance before results",
    }
    runs = list(ApprovalRun.objects.filter(state=ApprovalRun.State.WAITING))
    waiting_at = Counter(run.current["name"] for run in runs)
    assert waiting_at["Communications"] > 0, waiting_at
    assert waiting_at["Legal"] > 1, waiting_at
    assert len({run.chain_name for run in runs}) >= 2
    assert any(run.step == 0 for run in runs), "some still wait for their executive"
    for run in runs:
        assert run.content_hash == run.revision.content_hash()
        for approval in run.approvals.all():
            assert approval.approver_id not in approvals.writers_of(run.revision.post)

    approver = User.objects.filter(role=Role.APPROVER).order_by("pk").first()
    queue = approvals.queue_runs(approver)
    assert queue and {run.current["name"] for run in queue} == {"Legal"}
