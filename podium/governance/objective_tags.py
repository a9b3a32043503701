"""Which objectives a post or an article serves: a section of compose, a field of the posts API
and a column of the CSV import, through publishing's extension point (publishing/extensions.py);
a section of the article's form and a field of the articles API, through the blog's
(blog/sections.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from podium.blog import sections
from podium.governance import actions
from podium.governance.localtime import org_zone
from podium.governance.objectives import Objective
from podium.publishing import extensions

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.blog.models import Article
    from podium.publishing.models import Post, Revision


def org_today() -> dt.date:
    """Today in the organisation's time zone, whose days objectives are set in."""
    return timezone.now().astimezone(org_zone()).date()


def open_objectives(today: dt.date | None = None) -> QuerySet[Objective]:
    """The objectives a post or an article may be tagged with: those not yet ended."""
    return Objective.objects.filter(ends_on__gte=today or org_today())


class ObjectivesField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset: QuerySet[Objective]) -> None:
        super().__init__(
            queryset=queryset,
            required=False,
            label="Objectives",
            help_text="What it is for: its figures count towards these objectives.",
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={
                "invalid_choice": (
                    "objective %(value)s is unknown or has ended: use an id listed under "
                    "Objectives (GET /api/objectives)."
                ),
                "invalid_pk_value": "“%(pk)s” is not an objective's id: use a number.",
            },
        )


class Tagging:
    """What posts and articles share: the field, its values, and the save that keeps the
    ended objectives (no longer offered) on what served them."""

    key = "objectives"
    title = "Objectives"
    template = "publishing/compose/_extension.html"
    nothing_to_choose = "No objective is open: objectives are set on the Objectives page."

    def fields(self, user: User) -> dict[str, forms.Field]:
        return {"objectives": ObjectivesField(open_objectives())}

    def initial(self, thing: Post | Article | None) -> dict[str, Any]:
        return {
            "objectives": list(thing.objectives.all()) if thing is not None and thing.pk else []
        }

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"objectives": [o.pk for o in values.get("objectives") or []]}

    def tag(self, actor: User, thing: Post | Article, values: Mapping[str, Any], via: str) -> None:
        chosen = list(values.get("objectives") or [])
        ended = thing.objectives.filter(ends_on__lt=org_today()) if thing.pk else []
        actions.do_set_objectives(actor, thing, [*chosen, *ended], via=via)


class ObjectivesExtension(Tagging, extensions.Extension):
    revises = False  # what a post is for is not what it says: no new approval

    def save(
        self, actor: User, post: Post, revision: Revision, values: Mapping[str, Any], *, via: str
    ) -> None:
        self.tag(actor, post, values, via)


class ArticleObjectives(Tagging, sections.ArticleSection):
    def save(self, actor: User, article: Article, values: Mapping[str, Any], *, via: str) -> None:
        self.tag(actor, article, values, via)
