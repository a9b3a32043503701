"""API for people: the executives on the roster and who acts for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import field_validator

from podium.accounts.api_auth import actor, require_role
from podium.accounts.models import User
from podium.accounts.roles import PEOPLE_EDITORS
from podium.lib.api import (
    SLUG_PATTERN,
    FiltersIn,
    Flag,
    InSchema,
    Number,
    Page,
    PageIn,
    PatchSchema,
    QueryFlag,
    error_responses,
    fields_renamed,
    paginate,
    patch_field,
)
from podium.org.access import access_person, can_edit_person, visible_people
from podium.org.actions import do_create_person, do_update_person
from podium.org.models import Delegation, Person, validate_timezone

router = Router(tags=["People"])


class DelegateOut(Schema):
    user_id: int
    email: str
    full_name: str
    kind: Delegation.Kind

    @staticmethod
    def resolve_email(delegation: Delegation) -> str:
        return delegation.user.email

    @staticmethod
    def resolve_full_name(delegation: Delegation) -> str:
        return delegation.user.full_name


class PersonOut(Schema):
    slug: str
    name: str
    title: str
    bio: str
    timezone: str
    photo_url: str | None
    initials: str
    is_active: bool
    user_id: int | None = Field(description="The executive's own sign-in, if they have one.")
    delegates: list[DelegateOut] = Field(description="Users who act for this executive.")
    created_at: dt.datetime

    @staticmethod
    def resolve_photo_url(person: Person) -> str | None:
        return person.photo.url if person.photo else None

    @staticmethod
    def resolve_delegates(person: Person) -> list[Delegation]:
        return list(person.delegations.all())


def _known_timezone(value: str | None) -> str | None:
    """The model's own check, so the API names a valid zone instead of "not a valid choice"."""
    if value is not None:
        try:
            validate_timezone(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None
    return value


class PersonCreateIn(InSchema):
    name: str = Field(min_length=1, max_length=120)
    title: str = Field(min_length=1, max_length=120, description="e.g. Chief Executive Officer")
    bio: str = Field("", max_length=5000)
    timezone: str = Field("UTC", max_length=64, description="An IANA name, e.g. Europe/London.")
    is_active: Flag = True
    user_id: Number | None = Field(None, ge=1, description="Link the executive's own sign-in.")

    check_timezone = field_validator("timezone")(_known_timezone)


class PersonPatchIn(PatchSchema):
    name: str = patch_field(min_length=1, max_length=120)
    title: str = patch_field(min_length=1, max_length=120)
    bio: str = patch_field(max_length=5000)
    timezone: str = patch_field(max_length=64)
    is_active: Flag = patch_field()
    user_id: Number | None = patch_field(ge=1, description="null unlinks the sign-in.")

    check_timezone = field_validator("timezone")(_known_timezone)


class PeopleFilters(FiltersIn):
    q: str = Field("", max_length=200, description="Part of a name or title.")
    is_active: QueryFlag | None = None


class PersonPage(Page[PersonOut]):
    pass


def _with_delegates(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.prefetch_related("delegations__user")


def _person_data(changes: dict[str, Any]) -> dict[str, Any]:
    """The API's user_id becomes the model's user."""
    data = dict(changes)
    if "user_id" in data:
        user_id = data.pop("user_id")
        data["user"] = None if user_id is None else User.objects.filter(pk=user_id).first()
        if user_id is not None and data["user"] is None:
            raise ValidationError({"user_id": f"No user has id {user_id}."})
    return data


@router.get("/people", response={200: PersonPage, **error_responses(403, 422)})
def list_people(
    request: HttpRequest, filters: Query[PeopleFilters], page: Query[PageIn]
) -> dict[str, object]:
    """The executives you may see: everyone for administrators, communications managers and
    approvers; yourself and whom you act for otherwise."""
    people = visible_people(actor(request))
    if filters.q:
        people = people.filter(Q(name__icontains=filters.q) | Q(title__icontains=filters.q))
    if filters.is_active is not None:
        people = people.filter(is_active=filters.is_active)
    return paginate(_with_delegates(people).order_by("name", "pk"), page)


@router.get("/people/{slug}", response={200: PersonOut, **error_responses(403, 404, 422)})
def get_person(
    request: HttpRequest, slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN)
) -> Person:
    """One executive's profile."""
    person = access_person(actor(request), slug)
    return _with_delegates(Person.objects.filter(pk=person.pk)).get()


@router.post("/people", response={201: PersonOut, **error_responses(400, 403, 422)})
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status[Person]:
    """Add an executive to the roster. Administrators and communications managers only."""
    user = actor(request)
    require_role(user, PEOPLE_EDITORS, "Adding people")
    with fields_renamed({"user": "user_id"}):
        person = do_create_person(user, _person_data(payload.model_dump()), via="api")
    return Status(201, _with_delegates(Person.objects.filter(pk=person.pk)).get())


@router.patch("/people/{slug}", response={200: PersonOut, **error_responses(400, 403, 404, 422)})
def update_person(
    request: HttpRequest,
    payload: PersonPatchIn,
    slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN),
) -> Person:
    """Change a profile. Executives and their assistants may change name, title, bio and time
    zone of the profiles they act for; the rest is for communications managers."""
    user = actor(request)
    person = access_person(user, slug)
    if not can_edit_person(user, person):
        raise PermissionDenied(
            "You may read this profile but not change it: ask a communications manager."
        )
    with fields_renamed({"user": "user_id"}):
        do_update_person(user, person, _person_data(payload.changes()), via="api")
    return _with_delegates(Person.objects.filter(pk=person.pk)).get()
