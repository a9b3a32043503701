"""What people do to the outbox directly: send a failed publication again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import User
from podium.org.access import can_edit_person
from podium.outbox import transitions as to
from podium.outbox.models import Publication

State = Publication.State


def do_retry(actor: User, publication: Publication, *, via: str = "web") -> Publication:
    """Send a failed publication again, now. Whoever may edit the executive may do this."""
    if not can_edit_person(actor, publication.post.person):
        raise ValidationError("You may not retry this executive's posts.")
    if publication.state != State.FAILED:
        raise ValidationError("Only a failed publication can be retried.")
    moved = to.move(
        publication,
        "retried",
        when=Q(state=State.FAILED),
        actor=actor,
        via=via,
        state=State.SCHEDULED,
        due_at=timezone.now(),
        attempts=0,
        error_kind="",
        last_error="",
        hold=Publication.Hold.NONE,
    )
    if not moved:
        raise ValidationError("This publication changed meanwhile; reload the page.")
    to.wake_when_due(publication)
    return publication
