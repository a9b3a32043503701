"""What waits for approval, in templates, so the home pages' views need not know of posts
or articles (org sits below publishing and the blog).

{% awaiting_approval_of person as ws %}      drafts written for `person` awaiting their approval
{% drafted_awaiting_approval user as ds %}   what the user drafted that awaits approval
{% review_url_for w as url %}               where the reader reviews `w` ("" if nowhere)
"""

from __future__ import annotations

from django import template

from podium.accounts.models import User
from podium.governance import awaiting
from podium.org.models import Person

register = template.Library()


@register.simple_tag
def awaiting_approval_of(person: Person) -> list[awaiting.Awaiting]:
    return awaiting.awaiting_approval_of(person)


@register.simple_tag
def drafted_awaiting_approval(user: User) -> list[awaiting.Awaiting]:
    return awaiting.drafted_awaiting(user)


@register.simple_tag(takes_context=True)
def review_url_for(context: template.Context, waiting: awaiting.Awaiting) -> str:
    return waiting.review_url_for(context["user"])
