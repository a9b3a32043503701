"""What publishing tells people, in its own words, through `podium.notifications.notify()`.

Two events: a post's revision drafted by someone else awaits the executive's approval, and
the drafter's text was approved (a failed publication is the outbox's: outbox/notices.py).
Each is one plain function called from the action that caused it, inside that action's
transaction (rows with the change, emails after commit: see `podium.notifications.actions`).
Each notification's key names what it is about ("revision:12"), so calling a function twice
never notifies anyone twice.

"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.notifications.approvals import Draft, ask_approval, tell_approved
from podium.notifications.models import Nudge
from podium.publishing.models import Revision

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.org.models import Person


def post_review_path(post_id: int) -> str:
    return reverse("publishing-edit-post", args=[post_id])


def people_acting_for(person: Person) -> list[User]:
    """The executive (when they have a sign-in) and everyone who acts for them."""
    return person.people_acting()


def _draft(revision: Revision) -> Draft:
    post = revision.post
    return Draft(post.person, "post", revision.text, post_review_path(post.pk), revision.created_by)


def notify_awaiting_approval(revision: Revision, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that a post's revision drafted by someone else awaits their approval.

    Nobody is told about a text the executive wrote, one already approved, or when the
    executive has no sign-in (the held publications say so instead). In every case an older
    revision's unread notification is marked read: only the newest text can be approved.
    """
    revision = Revision.objects.select_related("post__person__user", "created_by").get(
        pk=revision.pk
    )
    needed = revision.needs_executive_approval
    return ask_approval(_draft(revision), f"revision:{revision.pk}", needed=needed, email=email)


def notify_approved(revision: Revision, approver: User) -> list[Nudge]:
    """Tell whoever drafted the post's text that the executive approved it, and clear the
    executive's own "awaiting your approval" notification about it."""
    revision = Revision.objects.select_related("post__person", "created_by").get(pk=revision.pk)
    return tell_approved(
        _draft(revision),
        approver,
        f"revision:{revision.pk}",
        link=reverse("publishing-show-post", args=[revision.post_id]),
        now="it may now be published",
    )
