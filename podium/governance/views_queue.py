"""The approver's queue at /approvals/ and the decisions taken in place: approve, send back
(with a comment pinned to words), reject, fast-track, and closing a fast-track's review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import AUDIT_READERS
from podium.governance import approvals, awaiting, queue
from podium.governance.chains import ApprovalRun, Review
from podium.governance.filters import governance_entries
from podium.lib.text import first_line
from podium.publishing.models import Post

QUEUE = "governance-approver-home"


@role_required(AUDIT_READERS)
def approver_home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    fast_tracks = user.has_role(*approvals.FAST_TRACKERS)
    return render(
        request,
        "governance/approver_home.html",
        {
            "title": "Approvals",
            "mine": queue.queue_of(user),
            "reviews": queue.reviews_for(user),
            "in_chains": queue.waiting_in_chains() if fast_tracks else [],
            "fast_tracks": fast_tracks,
            "edits_chains": user.has_role(*approvals.CHAIN_EDITORS),
            "recent": governance_entries()[:10],
            "executives": awaiting.awaiting_executives(),
        },
    )


def _waiting_run(pk: int) -> ApprovalRun:
    run = (
        ApprovalRun.objects.select_related("revision__post__person")
        .filter(pk=pk, state=ApprovalRun.State.WAITING)
        .first()
    )
    if run is None:
        raise Http404("No such draft waiting in an approval chain.")
    return run


def _refused(request: SignedInRequest, error: Exception) -> None:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return -1  # refused by the action with the field named


@require_POST
@role_required(AUDIT_READERS)
def approve_run(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _waiting_run(pk)
    try:
        approvals.do_approve(request.user, run, seen_hash=request.POST.get("content_hash"))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, f"Approved this exact text: “{first_line(run.revision.text)}”.")
    return redirect(QUEUE)


@require_POST
@role_required(AUDIT_READERS)
def send_back_run(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _waiting_run(pk)
    try:
        approvals.do_send_back(
            request.user,
            run,
            request.POST.get("comment", ""),
            network=request.POST.get("network", ""),
            start=_int_or_none(request.POST.get("start")),
            end=_int_or_none(request.POST.get("end")),
            seen_hash=request.POST.get("content_hash"),
        )
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, "Sent back to the writer with your comment.")
    return redirect(QUEUE)


@require_POST
@role_required(AUDIT_READERS)
def reject_run(request: SignedInRequest, pk: int) -> HttpResponse:
    run = _waiting_run(pk)
    try:
        approvals.do_reject(
            request.user,
            run,
            request.POST.get("comment", ""),
            seen_hash=request.POST.get("content_hash"),
        )
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, "Rejected: the post will not go out.")
    return redirect(QUEUE)


@require_POST
@role_required(approvals.FAST_TRACKERS)
def fast_track_post(request: SignedInRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    try:
        approvals.do_fast_track(request.user, post, request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, "Fast-tracked: it goes out now, and a review is open.")
    return redirect(QUEUE)


@require_POST
@role_required(approvals.REVIEWERS)
def close_review(request: SignedInRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk, closed_at__isnull=True)
    try:
        approvals.do_close_review(request.user, review, request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, "Review closed.")
    return redirect(QUEUE)
