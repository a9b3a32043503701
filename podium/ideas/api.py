"""API for the comms' side of ideas: list ideas, an idea, change its status. The same
permissions as the pages (comms managers and administrators triage; whoever writes official
answers reads an idea); writes go through podium.ideas.actions, audited with via="api"."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from podium.accounts.api_auth import actor, require_role
from podium.ideas import access, actions, search
from podium.ideas.models import COMMENT_MAX, Idea
from podium.lib.api import MAX_ID, FiltersIn, InSchema, Page, PageIn, error_responses, paginate

router = Router(tags=["Ideas"])
Id = Path(..., ge=1, le=MAX_ID)
StatusName = Literal[
    "new", "under_review", "planned", "started", "launched", "declined", "duplicate"
]
SettableStatus = Literal["new", "under_review", "planned", "started", "launched", "declined"]


class IdeaOut(Schema):
    id: int
    title: str
    description: str
    board: str
    category: str | None
    status: StatusName
    moderation: str
    votes: int = Field(description="Verified identities' votes, counted from the database.")
    comments: int
    merged_into: int | None
    created_at: dt.datetime
    answered_at: dt.datetime | None
    url: str


class IdeaPage(Page[IdeaOut]):
    pass


class IdeaFiltersIn(FiltersIn):
    status: StatusName | None = None
    q: str = Field("", max_length=100, description="Words in the title or description.")


class StatusIn(InSchema):
    status: SettableStatus
    message: str = Field("", max_length=COMMENT_MAX, description="Needed to decline.")


def _idea(i: Idea) -> dict[str, Any]:
    return {
        "id": i.pk,
        "title": i.title,
        "description": i.description,
        "board": i.board.slug,
        "category": i.category.slug if i.category else None,
        "status": i.status,
        "moderation": i.moderation,
        "votes": i.vote_count,
        "comments": i.comment_count,
        "merged_into": i.merged_into_id,
        "created_at": i.created_at,
        "answered_at": i.answered_at,
        "url": i.public_url(),
    }


@router.get("/ideas", response={200: IdeaPage, **error_responses(403, 422)})
def list_ideas(
    request: HttpRequest, page: Query[PageIn], filters: Query[IdeaFiltersIn]
) -> dict[str, Any]:
    """Every idea (waiting, rejected and merged ones too), newest first."""
    user = actor(request)
    require_role(user, access.STAFF_ROLES, "Listing ideas")
    ideas = access.triaged_ideas(user)
    if filters.status:
        ideas = ideas.filter(status=filters.status)
    if filters.q.strip():
        ideas = search.matching(ideas, filters.q)
    found = paginate(ideas.order_by("-created_at", "-pk"), page)
    found["items"] = [_idea(i) for i in found["items"]]
    return found


@router.get("/ideas/{idea_id}", response={200: IdeaOut, **error_responses(403, 404, 422)})
def get_idea(request: HttpRequest, idea_id: int = Id) -> dict[str, Any]:
    """One idea: its board, category, status and its vote and comment counts."""
    user = actor(request)
    require_role(user, access.ANSWER_ROLES, "Reading an idea")
    return _idea(access.access_idea(user, idea_id))


@router.post(
    "/ideas/{idea_id}/status", response={200: IdeaOut, **error_responses(400, 403, 404, 422)}
)
def change_idea_status(
    request: HttpRequest, payload: StatusIn, idea_id: int = Id
) -> dict[str, Any]:
    """A new status, in the idea's history; declining needs the reason in `message`."""
    user = actor(request)
    require_role(user, access.STAFF_ROLES, "Changing an idea's status")
    idea = access.access_idea(user, idea_id)
    actions.do_change_status(user, idea, payload.status, payload.message, via="api")
    return _idea(idea)
