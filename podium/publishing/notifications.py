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

from podium.lib.text import first_line
from podium.notifications.actions import Kind, display_name, notify, settle
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


def notify_awaiting_approval(revision: Revision, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that a post's revision drafted by someone else awaits their approval.

    Nobody is told about a text the executive wrote, one already approved, or when the
    executive has no sign-in (the held publications say so instead). In every case an older
    revision's unread notification is marked read: only the newest text can be approved.
    """
    revision = Revision.objects.select_related("post__person__user", "created_by").get(
        pk=revision.pk
    )
    person = revision.post.person
    link = post_review_path(revision.post_id)
    key = f"revision:{revision.pk}"
    # Whatever this revision is, an older one can no longer be approved.
    settle(person.user_id, kind=Kind.AWAITING_APPROVAL, link=link, except_key=key)
    if not revision.needs_executive_approval or person.user_id is None:
        return []
    drafter = display_name(revision.created_by)
    return notify(
        [person.user],
        Kind.AWAITING_APPROVAL,
        key,
        f"{drafter} drafted a post for you to approve: “{first_line(revision.text)}”",
        link,
        person=person,
        subject=f"{drafter} drafted a post for you to approve",
        email=email,
    )


def notify_approved(revision: Revision, approver: User) -> list[Nudge]:
    """Tell whoever drafted the post's text that the executive approved it, and clear the
    executive's own "awaiting your approval" notification about it."""
    revision = Revision.objects.select_related("post__person", "created_by").get(pk=revision.pk)
    settle(approver.pk, kind=Kind.AWAITING_APPROVAL, link=post_review_path(revision.post_id))
    drafter = revision.created_by
    if drafter is None or drafter.pk == approver.pk:
        return []
    name = display_name(approver)
    return notify(
        [drafter],
        Kind.APPROVED,
        f"revision:{revision.pk}",
        f"{name} approved your post, it may now be published: “{first_line(revision.text)}”",
        reverse("publishing-show-post", args=[revision.post_id]),
        person=revision.post.person,
        subject=f"{name} approved your post",
    )
