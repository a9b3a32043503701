"""Who sees which advocates: what a user may not see is a 404.

Administrators and communications managers see every advocate and manage them (import,
merge, split, suggested matches). An executive, and whoever acts for them, sees the advocates
who engaged with that executive, and only what concerns that executive.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.accounts.roles import PEOPLE_EDITORS, Role
from podium.advocates.models import Advocate, EngagementEvent, ImportJob, MatchSuggestion
from podium.org.models import Person

READERS = frozenset({Role.ADMIN, Role.COMMS, Role.EXECUTIVE})
MANAGERS = frozenset(PEOPLE_EDITORS)


def people_in_view(user: User) -> list[int] | None:
    """The executives whose engagement `user` sees; None for all of them."""
    if user.has_role(*MANAGERS):
        return None
    if not user.is_active or not user.has_role(*READERS):
        return []
    mine = Person.objects.filter(Q(user=user) | Q(delegations__user=user)).distinct()
    return list(mine.values_list("pk", flat=True))


def executives_in_view(user: User) -> list[Person]:
    """The executives whose leaderboards `user` may choose between."""
    people = people_in_view(user)
    found = Person.objects.all() if people is None else Person.objects.filter(pk__in=people)
    return list(found.order_by("name"))


def visible_advocates(user: User) -> QuerySet[Advocate]:
    people = people_in_view(user)
    if people is None:
        return Advocate.objects.all()
    return Advocate.objects.filter(
        pk__in=EngagementEvent.objects.filter(person_id__in=people).values("account__advocate")
    )


def visible_events(user: User) -> QuerySet[EngagementEvent]:
    people = people_in_view(user)
    events = EngagementEvent.objects.all()
    return events if people is None else events.filter(person_id__in=people)


def access_advocate(user: User, pk: int) -> Advocate:
    advocate = visible_advocates(user).filter(pk=pk).first()
    if advocate is None:
        raise Http404("No such advocate, or not one of yours.")
    return advocate


def access_import(user: User, pk: int) -> ImportJob:
    if not user.has_role(*MANAGERS):
        raise Http404("No such import.")
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    return job


def access_suggestion(user: User, pk: int) -> MatchSuggestion:
    if not user.has_role(*MANAGERS):
        raise Http404("No such suggestion.")
    suggestion = MatchSuggestion.objects.select_related("first", "second").filter(pk=pk).first()
    if suggestion is None:
        raise Http404("No such suggestion.")
    return suggestion
