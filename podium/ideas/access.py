"""Permission-checked reads for ideas: what a reader may not see is a 404.

The public sees approved ideas on public boards; anyone signed in to Podium (staff) also sees
the staff-only boards. Comms managers and administrators triage every idea."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.roles import COMPOSERS, Role
from podium.ideas.models import Board, Comment, Idea, Moderation

# Who triages: statuses, merging, moderation.
STAFF_ROLES = frozenset({Role.ADMIN, Role.COMMS})
# Who reaches an idea's staff page: triage, internal notes, official answers (for the
# executives they may write for, org.access.can_edit_person).
ANSWER_ROLES = COMPOSERS


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visible_boards(user: Any) -> QuerySet[Board]:
    boards = Board.objects.all()
    return boards if is_staff(user) else boards.filter(visibility=Board.Visibility.PUBLIC)


def listed_ideas(user: Any) -> QuerySet[Idea]:
    """Ideas in the portal's lists: approved, on a board the reader sees, not merged away."""
    return Idea.objects.filter(
        moderation=Moderation.APPROVED,
        board__in=visible_boards(user),
        merged_into__isnull=True,
    ).select_related("category", "board")


def public_idea(user: Any, pk: int) -> Idea:
    idea = (
        Idea.objects.filter(pk=pk, moderation=Moderation.APPROVED, board__in=visible_boards(user))
        .select_related("board", "category", "author", "merged_into")
        .first()
    )
    if idea is None:
        raise Http404("No such idea.")
    return idea


def shown_comments(idea: Idea, user: Any) -> list[Comment]:
    """The comments the reader sees: the public ones and official answers that are the
    executive's; staff also see internal notes and answers waiting for approval."""
    comments = list(
        idea.comments.filter(hidden=False).select_related("identity", "person", "written_by")
    )
    if is_staff(user):
        return comments
    return [c for c in comments if c.is_shown]


def triaged_ideas(user: Any) -> QuerySet[Idea]:
    if not (is_staff(user) and user.has_role(*ANSWER_ROLES)):
        return Idea.objects.none()
    return Idea.objects.select_related("board", "category", "author", "merged_into")


def access_idea(user: Any, pk: int) -> Idea:
    idea = triaged_ideas(user).filter(pk=pk).first()
    if idea is None:
        raise Http404("No such idea.")
    return idea


def access_comment(user: Any, pk: int) -> Comment:
    comment = (
        Comment.objects.filter(pk=pk, idea__in=triaged_ideas(user))
        .select_related("idea", "person")
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment
