"""Permission-checked reads of people: what a user may not see is a 404."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.accounts.roles import PEOPLE_EDITORS, Role
from podium.org.models import Delegation, Person


def visible_people(user: User) -> QuerySet[Person]:
    """Everyone for admins, comms and approvers; executives see themselves and whom they act for."""
    people = Person.objects.all()
    if user.has_role(Role.ADMIN, Role.COMMS, Role.APPROVER):
        return people
    return people.filter(Q(user=user) | Q(delegations__user=user)).distinct()


def can_edit_person(user: User, person: Person) -> bool:
    if user.has_role(*PEOPLE_EDITORS):
        return True
    return user.is_active and (
        person.user_id == user.pk or person.delegations.filter(user=user).exists()
    )


def editable_people(user: User) -> QuerySet[Person]:
    """The people `user` may edit: can_edit_person() for many people in one query."""
    people = Person.objects.all()
    if user.has_role(*PEOPLE_EDITORS):
        return people
    if not user.is_active:
        return people.none()
    return people.filter(Q(user=user) | Q(delegations__user=user)).distinct()


def access_person(user: User, slug: str, *, for_edit: bool = False) -> Person:
    person = visible_people(user).filter(slug=slug).first()
    if person is None or (for_edit and not can_edit_person(user, person)):
        raise Http404("No such person, or not one you may see.")
    return person


def roster(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with what the roster shows, fetched in a fixed number of queries."""
    return people.select_related("user").prefetch_related(
        "channel_accounts",
        Prefetch("delegations", queryset=Delegation.objects.select_related("user")),
    )
