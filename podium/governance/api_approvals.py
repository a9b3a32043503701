"""API for the approval chains: the caller's queue, and approve, send back, reject and
fast-track, with the same rules as /approvals/ (podium/governance/approvals.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema

from podium.accounts.api_auth import actor, require_role
from podium.accounts.roles import AUDIT_READERS
from podium.governance import approvals, queue
from podium.governance.chains import ApprovalRun
from podium.lib.api import MAX_ID, InSchema, error_responses
from podium.publishing.models import Post

router = Router(tags=["Approvals"])

HASH = Field(
    None,
    min_length=64,
    max_length=64,
    pattern="^[0-9a-f]{64}$",
    description="The content_hash you read: refused if the draft changed since.",
)


class FindingOut(Schema):
    reason: str
    effect: str
    words: str
    network: str


class RunOut(Schema):
    id: int
    post_id: int
    person: str
    chain: str
    state: ApprovalRun.State
    step: int = Field(description="The current step, 1 being the executive's own approval.")
    step_name: str
    steps: int
    waiting_since: dt.datetime
    due_at: dt.datetime | None = Field(description="When the step's time limit runs out.")
    content_hash: str = Field(description="SHA-256 of the exact content being approved.")
    texts: dict[str, str] = Field(description="Each network's text.")
    findings: list[FindingOut]


class DecisionIn(InSchema):
    content_hash: str | None = HASH


class CommentIn(InSchema):
    comment: str = Field(..., min_length=1, max_length=approvals.MAX_COMMENT)
    content_hash: str | None = HASH


class SendBackIn(CommentIn):
    network: str = Field("", max_length=16, description="The variant the comment is pinned to.")
    start: int | None = Field(None, ge=0, le=100_000, description="First character pinned.")
    end: int | None = Field(None, ge=1, le=100_000, description="Character after the last.")


class FastTrackIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=approvals.MAX_REASON)


def _out(item: queue.QueueItem) -> dict[str, Any]:
    run = item.run
    return {
        "id": run.pk,
        "post_id": item.post.pk,
        "person": item.person.name,
        "chain": run.chain_name,
        "state": run.state,
        "step": item.step_number,
        "step_name": item.step_name,
        "steps": item.steps,
        "waiting_since": item.since,
        "due_at": item.due,
        "content_hash": run.content_hash,
        "texts": {v.network: v.text for v in item.revision.variants.all()},
        "findings": [vars(f) for f in item.findings],
    }


def _run(run_id: int) -> ApprovalRun:
    run = (
        ApprovalRun.objects.select_related("revision__post__person")
        .filter(pk=run_id, state=ApprovalRun.State.WAITING)
        .first()
    )
    if run is None:
        raise Http404(f"No draft waits in an approval chain as run {run_id}.")
    return run


@router.get("/approvals", response={200: list[RunOut], **error_responses(403)})
def list_my_queue(request: HttpRequest) -> list[dict[str, Any]]:
    """What waits for the caller's approval now, longest waiting first."""
    user = actor(request)
    require_role(user, AUDIT_READERS, "Reading the approval queue")
    return [_out(item) for item in queue.queue_of(user)]


@router.post(
    "/approvals/{run_id}/approve",
    response={200: RunOut, **error_responses(400, 403, 404, 422)},
)
def approve(
    request: HttpRequest, payload: DecisionIn, run_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """Approve the current step for the exact content (content_hash)."""
    user = actor(request)
    require_role(user, AUDIT_READERS, "Approving")
    run = approvals.do_approve(user, _run(run_id), seen_hash=payload.content_hash, via="api")
    return _out(queue.item_of(run))


@router.post(
    "/approvals/{run_id}/send-back",
    response={200: RunOut, **error_responses(400, 403, 404, 422)},
)
def send_back(
    request: HttpRequest, payload: SendBackIn, run_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """Send the draft back to its writer with a comment, pinned to words when given."""
    user = actor(request)
    require_role(user, AUDIT_READERS, "Sending back")
    run = approvals.do_send_back(
        user,
        _run(run_id),
        payload.comment,
        network=payload.network,
        start=payload.start,
        end=payload.end,
        seen_hash=payload.content_hash,
        via="api",
    )
    return _out(queue.item_of(run))


@router.post(
    "/approvals/{run_id}/reject",
    response={200: RunOut, **error_responses(400, 403, 404, 422)},
)
def reject(
    request: HttpRequest, payload: CommentIn, run_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """Reject the draft (final: the post does not go out)."""
    user = actor(request)
    require_role(user, AUDIT_READERS, "Rejecting")
    run = approvals.do_reject(
        user, _run(run_id), payload.comment, seen_hash=payload.content_hash, via="api"
    )
    return _out(queue.item_of(run))


@router.post(
    "/posts/{post_id}/fast-track",
    response={200: RunOut, **error_responses(400, 403, 404, 422)},
)
def fast_track(
    request: HttpRequest, payload: FastTrackIn, post_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """Publish now past the approval steps, for a stated reason; a review opens that someone
    else must close. Administrators and communications managers only."""
    user = actor(request)
    require_role(user, approvals.FAST_TRACKERS, "Fast-tracking")
    run = approvals.do_fast_track(
        user, get_object_or_404(Post, pk=post_id), payload.reason, via="api"
    )
    return _out(queue.item_of(run))
