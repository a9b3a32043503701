"""API for Advocates: the ranked advocates, one advocate with their score's terms, and what
they did. The same permissions as the pages (podium.advocates.access): an executive reads the
advocates who engaged with them and only that engagement; a role that may not read them gets
a 403, an advocate out of reach a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from podium.accounts.api_auth import actor, require_role
from podium.accounts.models import User
from podium.advocates import access, scoring
from podium.advocates.models import Advocate, EngagementEvent, RemoteAccount
from podium.lib.api import MAX_ID, FiltersIn, Page, PageIn, error_responses, paginate

router = Router(tags=["Advocates"])
AdvocateId = Path(..., ge=1, le=MAX_ID, description="The advocate's id.")


class AccountOut(Schema):
    id: int
    network: str
    handle: str
    display_name: str
    profile_url: str
    verified_links: list[str] = Field(description="Profile links the network verified (rel=me).")

    @staticmethod
    def resolve_verified_links(account: RemoteAccount) -> list[str]:
        return account.verified_links()


class TermOut(Schema):
    label: str
    count: int
    points: int = Field(description="Points for each event of this kind.")
    factor: int = Field(description="2 for the last 90 days, 1 for earlier in the year.")
    total: int


class AdvocateOut(Schema):
    id: int
    name: str
    score: int = Field(description="The sum of `terms` and `breadth` (see GET /advocates/{id}).")
    executives: int = Field(description="Executives they engaged with in the last year.")
    last_engaged_at: dt.datetime | None
    first_engaged_at: dt.datetime | None
    accounts: list[AccountOut]

    @staticmethod
    def resolve_last_engaged_at(advocate: Advocate) -> dt.datetime | None:
        return getattr(advocate, "last_at", None)

    @staticmethod
    def resolve_score(advocate: Advocate) -> int:
        return int(getattr(advocate, "score", 0))

    @staticmethod
    def resolve_executives(advocate: Advocate) -> int:
        return int(getattr(advocate, "executives", 0))

    @staticmethod
    def resolve_accounts(advocate: Advocate) -> list[RemoteAccount]:
        return list(advocate.accounts.all())


class AdvocateDetailOut(AdvocateOut):
    terms: list[TermOut]
    breadth: int = Field(description="5 points for each executive beyond the first.")


class AdvocatePage(Page[AdvocateOut]):
    pass


class EventOut(Schema):
    id: int
    kind: str
    network: str
    account: int = Field(description="The remote account's id (see the advocate's accounts).")
    executive: str = Field(description="The executive's slug.")
    occurred_at: dt.datetime
    time_known: bool = Field(description="False when the network does not say when.")
    publication: int | None = Field(description="The publication it concerns, if Podium sent it.")
    article: int | None = Field(description="The blog article it concerns.")
    text: str
    url: str

    @staticmethod
    def resolve_account(event: EngagementEvent) -> int:
        return event.account_id

    @staticmethod
    def resolve_executive(event: EngagementEvent) -> str:
        return event.person.slug

    @staticmethod
    def resolve_publication(event: EngagementEvent) -> int | None:
        return event.publication_id

    @staticmethod
    def resolve_article(event: EngagementEvent) -> int | None:
        return event.article_id


class EventPage(Page[EventOut]):
    pass


class AdvocateFilters(FiltersIn):
    q: str = Field("", max_length=100, description="Part of a name or a handle.")
    executive: str = Field(
        "", max_length=120, description="One executive's leaderboard (their slug)."
    )


def _reader(request: HttpRequest, what: str) -> User:
    user = actor(request)
    require_role(user, access.READERS, what)
    return user


@router.get("/advocates", response={200: AdvocatePage, **error_responses(403, 422)})
def list_advocates(
    request: HttpRequest, filters: Query[AdvocateFilters], page: Query[PageIn]
) -> dict[str, Any]:
    """Advocates ranked by their score, best first: everyone's for communications managers
    and administrators, those who engaged with you (or whom you act for) otherwise; with
    `executive`, one executive's leaderboard (the score counts what they did for them)."""
    user = _reader(request, "Reading advocates")
    people = access.people_in_view(user)
    if filters.executive:
        chosen = [p.pk for p in access.executives_in_view(user) if p.slug == filters.executive]
        if not chosen:
            raise ValidationError(
                {
                    "executive": f"No executive whose advocates you see has the slug "
                    f"{filters.executive!r}."
                }
            )
        people = chosen
    advocates = scoring.ranked(people).prefetch_related("accounts")
    if filters.q:
        advocates = advocates.filter(
            Q(name__icontains=filters.q) | Q(accounts__handle__icontains=filters.q)
        ).distinct()
    return paginate(advocates, page)


@router.get(
    "/advocates/{advocate_id}", response={200: AdvocateDetailOut, **error_responses(403, 404, 422)}
)
def get_advocate(request: HttpRequest, advocate_id: int = AdvocateId) -> Advocate:
    """One advocate, with every term of their score."""
    user = _reader(request, "Reading advocates")
    advocate = access.access_advocate(user, advocate_id)
    scored = scoring.score_of(advocate, access.people_in_view(user)) or advocate
    parts = scoring.breakdown(scored)
    # What the schema reads: the score as the sum of its terms.
    scored.score, scored.terms, scored.breadth = parts.total, parts.terms, parts.breadth  # type: ignore[attr-defined]  # read by AdvocateDetailOut
    return scored


@router.get(
    "/advocates/{advocate_id}/events",
    response={200: EventPage, **error_responses(403, 404, 422)},
)
def list_advocate_events(
    request: HttpRequest, page: Query[PageIn], advocate_id: int = AdvocateId
) -> dict[str, Any]:
    """What the advocate did, newest first (for an executive: what concerns them)."""
    user = _reader(request, "Reading advocates")
    advocate = access.access_advocate(user, advocate_id)
    events = (
        access.visible_events(user)
        .filter(account__advocate=advocate)
        .select_related("person")
        .order_by("-occurred_at", "-pk")
    )
    return paginate(events, page)
