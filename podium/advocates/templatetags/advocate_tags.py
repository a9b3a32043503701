"""An executive's advocates, in templates, so org's home page need not know of Advocates
(org sits below it).

{% top_advocates_of person as top %}   their best five advocates (`top.advocates`) and how
                                       many engaged with them in the last year (`top.count`)
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from podium.advocates import scoring
from podium.advocates.models import Advocate
from podium.org.models import Person

register = template.Library()
SHOWN = 5


@dataclass(frozen=True)
class Top:
    advocates: list[Advocate]
    count: int


@register.simple_tag
def top_advocates_of(person: Person) -> Top:
    ranked = scoring.ranked([person.pk])
    return Top(list(ranked[:SHOWN]), ranked.count())
