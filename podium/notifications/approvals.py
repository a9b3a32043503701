"""A text drafted for an executive: asking them to approve it, and telling the drafter it was.

The same for a post and an article; each app says what its text is (`Draft`) and where it is
read, and calls these from its own notifications module, inside the action's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from podium.lib.text import first_line
from podium.notifications.actions import Kind, display_name, notify, settle
from podium.notifications.models import Nudge

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.org.models import Person


@dataclass(frozen=True)
class Draft:
    person: Person  # the executive who approves it
    noun: str  # what the text is, in the sentence: "post", "article"
    title: str  # what the notification quotes of it (its first line)
    review_link: str  # where the executive reads and approves it
    drafter: User | None


def ask_approval(draft: Draft, key: str, *, needed: bool, email: bool = True) -> list[Nudge]:
    """Tell the executive that `draft` awaits their approval, when it is `needed` and they
    have a sign-in. Either way their unread notification about an earlier text on the same
    page is marked read: only the newest text (`key`) can be approved."""
    person = draft.person
    settle(person.user_id, kind=Kind.AWAITING_APPROVAL, link=draft.review_link, except_key=key)
    if not needed or person.user_id is None:
        return []
    drafter = display_name(draft.drafter) if draft.drafter else "Someone"
    asked = f"{drafter} drafted {_a(draft.noun)} for you to approve"
    return notify(
        [person.user],
        Kind.AWAITING_APPROVAL,
        key,
        f"{asked}: “{first_line(draft.title)}”",
        draft.review_link,
        person=person,
        subject=asked,
        email=email,
    )


def tell_approved(draft: Draft, approver: User, key: str, *, link: str, now: str) -> list[Nudge]:
    """Tell whoever drafted the text that `approver` approved it (and what they may `now` do,
    at `link`); the approver's own "awaiting your approval" notification is marked read."""
    settle(approver.pk, kind=Kind.AWAITING_APPROVAL, link=draft.review_link)
    if draft.drafter is None or draft.drafter.pk == approver.pk:
        return []
    approved = f"{display_name(approver)} approved your {draft.noun}"
    return notify(
        [draft.drafter],
        Kind.APPROVED,
        key,
        f"{approved}, {now}: “{first_line(draft.title)}”",
        link,
        person=draft.person,
        subject=approved,
    )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
