"""A post's status page: where each network stands, refreshed while anything is in flight."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.org.access import can_edit_person
from podium.outbox import status
from podium.outbox.actions import do_retry
from podium.publishing.access import access_post
from podium.publishing.actions import STARTED_STATES
from podium.publishing.models import Post

EVERYONE = set(Role)


def _context(request: SignedInRequest, post: Post) -> dict:
    user = request.user
    lines = status.post_status(post, user)
    started = any(line.publication.state in STARTED_STATES for line in lines)
    return {
        # Compose allows edits only until a publication is claimed.
        "can_edit_post": not started and can_edit_person(user, post.person),
        "post": post,
        "revision": post.latest_revision,
        "lines": lines,
        "in_flight": status.in_flight(lines),
        "poll_seconds": status.POLL_SECONDS,
        "scheduled_for": (
            status.local_time(post.scheduled_for, post.person.zone) if post.scheduled_for else ""
        ),
    }


@role_required(EVERYONE)
def show_post(request: SignedInRequest, pk: int) -> HttpResponse:
    post = access_post(request.user, pk)
    context = _context(request, post)
    context["title"] = f"Post by {post.person.name}"
    return render(request, "publishing/status/show_post.html", context)


@role_required(EVERYONE)
def show_post_status(request: SignedInRequest, pk: int) -> HttpResponse:
    """The per-network list alone, for htmx polling."""
    post = access_post(request.user, pk)
    return render(request, "publishing/status/_publications.html", _context(request, post))


@require_POST
@role_required(EVERYONE)
def retry_publication(request: SignedInRequest, pk: int, publication_pk: int) -> HttpResponse:
    post = access_post(request.user, pk)
    publication = post.publications.select_related("channel_account").filter(pk=publication_pk)
    found = publication.first()
    if found is None or not can_edit_person(request.user, post.person):
        raise Http404("No such publication, or not one you may retry.")
    try:
        do_retry(request.user, found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Sending to {found.channel_account} again: this page shows how it goes."
        )
    return redirect("publishing-show-post", pk=post.pk)
