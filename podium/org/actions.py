"""Writes to the organisation and its people, each audited in the same transaction."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.accounts.models import User
from podium.accounts.permissions import require_role
from podium.accounts.roles import PEOPLE_EDITORS, USER_ADMINS
from podium.governance import audit
from podium.lib.text import check_one_line
from podium.org.access import can_edit_person
from podium.org.models import Delegation, Organisation, Person, unique_slug

PERSON_FIELDS = ("name", "title", "bio", "timezone", "photo", "is_active", "user")
# What executives may change on their own profile; the rest is the program's to decide.
SELF_EDITABLE = ("name", "title", "bio", "timezone", "photo")
ORG_FIELDS = ("name", "logo", "timezone", "brand_colour", "require_two_factor")
ONE_LINE_FIELDS = ("name", "title")  # of a person or the organisation
M = TypeVar("M", Person, Organisation)


def _save(
    actor: User, instance: M, data: dict[str, Any], allowed: tuple[str, ...], action: str, via: str
) -> M:
    """Set the allowed fields from `data`, check them and save, audited as `action`."""
    check_one_line(data, ONE_LINE_FIELDS)
    with audit.changing(instance, actor=actor, action=action, via=via):
        for field, value in data.items():
            if field in allowed:
                setattr(instance, field, value)
        instance.full_clean()  # raises ValidationError naming each bad field
        instance.save()
    return instance


@transaction.atomic
def do_create_person(actor: User, data: dict[str, Any], *, via: str = "web") -> Person:
    require_role(actor, PEOPLE_EDITORS)
    person = Person()
    if data.get("name"):
        person.slug = unique_slug(data["name"])
    return _save(actor, person, data, PERSON_FIELDS, "person.created", via)


@transaction.atomic
def do_update_person(
    actor: User, person: Person, data: dict[str, Any], *, via: str = "web"
) -> Person:
    if not can_edit_person(actor, person):
        raise ValidationError("You may not change this person's profile.")
    allowed = PERSON_FIELDS if actor.has_role(*PEOPLE_EDITORS) else SELF_EDITABLE
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise ValidationError(
            dict.fromkeys(refused, "Only a communications manager can change this.")
        )
    return _save(actor, person, data, allowed, "person.updated", via)


@transaction.atomic
def do_set_delegates(
    actor: User, person: Person, delegates: list[tuple[User, str]], *, via: str = "web"
) -> Person:
    """Replace who acts for `person` with `delegates` [(user, kind), ...]."""
    require_role(actor, PEOPLE_EDITORS)
    before = {"delegates": _delegates(person)}
    person.delegations.all().delete()
    for user, kind in delegates:
        if kind not in Delegation.Kind.values:
            raise ValidationError({"kind": f"Choose one of: {', '.join(Delegation.Kind.values)}."})
        Delegation.objects.create(person=person, user=user, kind=kind)
    audit.record(
        actor=actor,
        action="person.delegates_changed",
        target=person,
        before=before,
        after={"delegates": _delegates(person)},
        via=via,
    )
    return person


def _delegates(person: Person) -> list[str]:
    return sorted(f"{d.user.email}:{d.kind}" for d in person.delegations.select_related("user"))


@transaction.atomic
def do_update_organisation(actor: User, data: dict[str, Any], *, via: str = "web") -> Organisation:
    require_role(actor, USER_ADMINS)
    return _save(actor, Organisation.current(), data, ORG_FIELDS, "organisation.updated", via)


@transaction.atomic
def do_save_person(
    actor: User,
    person: Person | None,
    data: dict[str, Any],
    delegates: list[tuple[User, str]] | None = None,
    *,
    via: str = "web",
) -> Person:
    """Create (person=None) or update a profile and, when given, who acts for them.

    One transaction: a refused delegate leaves the profile unchanged too.
    """
    if person is None:
        person = do_create_person(actor, data, via=via)
    else:
        person = do_update_person(actor, person, data, via=via)
    if delegates is not None:
        wanted = sorted(f"{user.email}:{kind}" for user, kind in delegates)
        if wanted != _delegates(person):
            do_set_delegates(actor, person, delegates, via=via)
    return person
