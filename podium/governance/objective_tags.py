"""Which objectives a post serves: a section of compose, a field of the posts API and a column
of the CSV import, all through publishing's extension point (publishing/extensions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.governance import actions
from podium.governance.objectives import Objective
from podium.publishing import extensions

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.publishing.models import Post, Revision


def open_objectives(post: Post | None = None, today: dt.date | None = None) -> QuerySet[Objective]:
    """The objectives a post may be tagged with: those not yet ended, and those it already has
    (an objective that ended stays on the posts that served it)."""
    today = today or timezone.localdate()
    mine = Q(pk__in=post.objectives.values("pk")) if post is not None and post.pk else Q()
    return Objective.objects.filter(Q(ends_on__gte=today) | mine).order_by("ends_on", "name")


class ObjectivesField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset: QuerySet[Objective]) -> None:
        super().__init__(
            queryset=queryset,
            required=False,
            label="Objectives",
            help_text="What the post is for: its figures count towards these objectives.",
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={
                "invalid_choice": (
                    "objective %(value)s is unknown or has ended: use an id listed under "
                    "Objectives (GET /api/objectives)."
                ),
                "invalid_pk_value": "“%(pk)s” is not an objective's id: use a number.",
            },
        )


class ObjectivesExtension(extensions.Extension):
    key = "objectives"
    title = "Objectives"
    revises = False  # what a post is for is not what it says: no new approval
    nothing_to_choose = "No objective is open: objectives are set on the Objectives page."

    def fields(self, user: User) -> dict[str, forms.Field]:
        return {"objectives": ObjectivesField(open_objectives())}

    def initial(self, post: Post | None) -> dict[str, Any]:
        return {"objectives": list(post.objectives.all()) if post is not None and post.pk else []}

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"objectives": [o.pk for o in values.get("objectives") or []]}

    def save(
        self, actor: User, post: Post, revision: Revision, values: Mapping[str, Any], *, via: str
    ) -> None:
        chosen = list(values.get("objectives") or [])
        # Ended objectives are not offered any more, so they are kept rather than dropped.
        ended = post.objectives.filter(ends_on__lt=timezone.localdate()) if post.pk else []
        actions.do_set_objectives(actor, post, [*chosen, *ended], via=via)
