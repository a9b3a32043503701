"""Cadence in templates, without the org views knowing about it.

{% cadence_for person as c %}            one executive (three queries)
{% cadence_for_people roster as cs %}    many, in a fixed number of queries
{{ cs|cadence_of:p }}                    one of those
{% unread_nudges person user as ns %}    reminders the user has not dismissed
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.contrib.auth.models import AnonymousUser

from podium.accounts.models import User
from podium.notifications.models import Nudge
from podium.org.models import Person
from podium.planning import cadence

register = template.Library()


@register.simple_tag
def cadence_for(person: Person | None) -> cadence.Cadence | None:
    if person is None:
        return None
    return cadence.cadence_for(person)


@register.simple_tag
def cadence_for_people(people: Iterable[Person]) -> dict[int, cadence.Cadence]:
    return cadence.cadence_for_people(people)


@register.filter
def cadence_of(
    cadences: dict[int, cadence.Cadence] | None, person: Person | None
) -> cadence.Cadence | None:
    if not cadences or person is None:
        return None
    return cadences.get(person.pk)


@register.simple_tag
def unread_nudges(person: Person | None, user: User | AnonymousUser) -> list[Nudge]:
    if person is None or not user.is_authenticated:
        return []
    # Only cadence reminders: the other notifications are on the notifications page.
    return list(
        Nudge.objects.filter(
            person=person, user=user, kind=Nudge.Kind.BEHIND, read_at__isnull=True
        )[:3]
    )


@register.filter
def cadence_team(cadences: dict[int, cadence.Cadence] | None) -> dict[str, int]:
    """Counts on track / behind / ahead over a `cadence_for_people` result."""
    return cadence.team_summary((cadences or {}).values())
