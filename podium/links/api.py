"""API for Links: short links (list, make one by hand, change one) and a link's clicks. The
same permissions as the pages: communications managers and administrators; anyone else a 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from podium.accounts.api_auth import actor, require_role
from podium.lib.api import (
    MAX_ID,
    FiltersIn,
    InSchema,
    Page,
    PageIn,
    PatchSchema,
    error_responses,
    paginate,
    patch_field,
)
from podium.links import actions
from podium.links.access import access_link
from podium.links.models import DESTINATION_MAX, Click, ShortLink

router = Router(tags=["Links"])
LinkId = Path(..., ge=1, le=MAX_ID, description="The short link's id.")


class LinkOut(Schema):
    id: int
    code: str
    short_url: str = Field(description="The address to share: it redirects to `destination`.")
    destination: str
    source_url: str = Field(description="The link as the post had it (empty when by hand).")
    label: str
    active: bool = Field(description="False: the short link answers 404.")
    post: int | None
    publication: int | None
    executive: str | None = Field(description="The executive's slug, for a post's link.")
    network: str
    created_at: dt.datetime
    people: int = Field(description="People who followed it, each once per hour.")

    @staticmethod
    def resolve_short_url(link: ShortLink) -> str:
        return link.short_url()

    @staticmethod
    def resolve_post(link: ShortLink) -> int | None:
        return link.post_id

    @staticmethod
    def resolve_publication(link: ShortLink) -> int | None:
        return link.publication_id

    @staticmethod
    def resolve_executive(link: ShortLink) -> str | None:
        return link.person.slug if link.person else None

    @staticmethod
    def resolve_people(link: ShortLink) -> int:
        people = getattr(link, "people", None)
        if people is None:
            people = link.clicks.filter(kind=Click.Kind.HUMAN, counted=True).count()
        return int(people)


class LinkPage(Page[LinkOut]):
    pass


class LinkIn(InSchema):
    destination: str = Field(..., max_length=DESTINATION_MAX, description="http(s) address.")
    label: str = Field("", max_length=actions.LABEL_MAX)
    active: bool = True


class LinkPatchIn(PatchSchema):
    destination: str = patch_field(max_length=DESTINATION_MAX)
    label: str = patch_field(max_length=actions.LABEL_MAX)
    active: bool = patch_field()


class LinkFilters(FiltersIn):
    q: str = Field("", max_length=100, description="Part of a label or destination, or a code.")
    by_hand: bool = Field(False, description="Only the links made by hand.")


class ClickOut(Schema):
    id: int
    at: dt.datetime
    kind: str = Field(description="human, bot, preview or head_prefetch.")
    counted: bool = Field(description="A person's first click on the link in an hour.")
    referrer_origin: str
    click_id: str = Field(description="The `pd` value the destination received.")


class ClickPage(Page[ClickOut]):
    pass


def _with_people(links: Any) -> Any:
    return links.select_related("person").annotate(
        people=Count("clicks", filter=Q(clicks__kind=Click.Kind.HUMAN, clicks__counted=True))
    )


@router.get("/links", response={200: LinkPage, **error_responses(403, 422)})
def list_links(
    request: HttpRequest, filters: Query[LinkFilters], page: Query[PageIn]
) -> dict[str, Any]:
    """Short links, newest first."""
    require_role(actor(request), actions.LINK_EDITORS, "Reading links")
    links = _with_people(ShortLink.objects.all())
    if filters.q:
        links = links.filter(
            Q(label__icontains=filters.q) | Q(destination__icontains=filters.q) | Q(code=filters.q)
        )
    if filters.by_hand:
        links = links.filter(publication__isnull=True, post__isnull=True)
    return paginate(links.order_by("-created_at", "-pk"), page)


@router.post("/links", response={201: LinkOut, **error_responses(400, 403, 422)})
def create_link(request: HttpRequest, payload: LinkIn) -> Status[ShortLink]:
    """Make a short link by hand (for a talk, a newsletter)."""
    user = actor(request)
    require_role(user, actions.LINK_EDITORS, "Making links")
    return Status(201, actions.do_create_link(user, payload.model_dump(), via="api"))


@router.get("/links/{link_id}", response={200: LinkOut, **error_responses(403, 404, 422)})
def get_link(request: HttpRequest, link_id: int = LinkId) -> ShortLink:
    """One short link: its code, where it leads, and the post and network it belongs to."""
    user = actor(request)
    require_role(user, actions.LINK_EDITORS, "Reading links")
    return access_link(user, link_id)


@router.patch("/links/{link_id}", response={200: LinkOut, **error_responses(400, 403, 404, 422)})
def update_link(request: HttpRequest, payload: LinkPatchIn, link_id: int = LinkId) -> ShortLink:
    """Change where a link leads, its label, or whether it answers."""
    user = actor(request)
    require_role(user, actions.LINK_EDITORS, "Changing links")
    link = access_link(user, link_id)
    return actions.do_update_link(user, link, payload.changes(), via="api")


@router.get("/links/{link_id}/clicks", response={200: ClickPage, **error_responses(403, 404, 422)})
def list_clicks(request: HttpRequest, page: Query[PageIn], link_id: int = LinkId) -> dict[str, Any]:
    """A link's clicks, newest first: people, bots, link-preview fetchers and prefetches
    (`counted` marks what the counts count). No address or user agent is kept."""
    user = actor(request)
    require_role(user, actions.LINK_EDITORS, "Reading links")
    link = access_link(user, link_id)
    return paginate(Click.objects.filter(link=link).order_by("-at", "-pk"), page)
