"""`{% roster_card person %}`: where a person may speak, on their page (org's template, which
cannot import policy: it sits below it)."""

from __future__ import annotations

from typing import Any

from django import template

from podium.org.models import Person
from podium.policy.models import RosterEntry

register = template.Library()


@register.inclusion_tag("policy/_roster_card.html", takes_context=True)
def roster_card(context: template.Context, person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "entries": list(RosterEntry.objects.filter(person=person).prefetch_related("topics")),
        "user": context.get("user"),
    }
