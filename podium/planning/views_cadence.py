"""Cadence pages: an executive's targets, and dismissing a cadence nudge."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.models import User
from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import PEOPLE_EDITORS, Role
from podium.lib.redirects import back
from podium.notifications.actions import mark_read
from podium.org.models import Person
from podium.planning import cadence
from podium.planning.models import CadenceTarget


class TargetForm(forms.ModelForm):
    class Meta:
        model = CadenceTarget
        fields = ("posts_per_week", "articles_per_month", "nudges_enabled")
        labels = {
            "posts_per_week": "Posts a week",
            "articles_per_month": "Articles a month",
            "nudges_enabled": "Remind when behind",
        }
        help_texts = {
            "posts_per_week": "Monday to Sunday in the executive's time zone. 0: no target.",
            "articles_per_month": "Published blog articles per calendar month. 0: no target.",
        }
        widgets = {
            "posts_per_week": forms.NumberInput(
                attrs={"min": 0, "max": 50, "class": "form-control"}
            ),
            "articles_per_month": forms.NumberInput(
                attrs={"min": 0, "max": 31, "class": "form-control"}
            ),
            "nudges_enabled": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def clean_posts_per_week(self) -> int:
        value = self.cleaned_data["posts_per_week"]
        if value > 50:
            raise forms.ValidationError("At most 50 posts a week.")
        return value

    def clean_articles_per_month(self) -> int:
        value = self.cleaned_data["articles_per_month"]
        if value > 31:
            raise forms.ValidationError("At most 31 articles a month.")
        return value


def _person_for_targets(user: User, slug: str) -> Person:
    """Comms and admins set anyone's targets; an executive only their own. Others: 404."""
    person = Person.objects.filter(slug=slug).first()
    if person is None or not (user.has_role(*PEOPLE_EDITORS) or person.user_id == user.pk):
        raise Http404("No such person, or not one whose targets you may set.")
    return person


@role_required({Role.ADMIN, Role.COMMS, Role.EXECUTIVE})
def edit_targets(request: SignedInRequest, slug: str) -> HttpResponse:
    person = _person_for_targets(request.user, slug)
    current = cadence.targets_for([person])[person.pk]
    form = TargetForm(
        request.POST or None,
        instance=CadenceTarget(
            posts_per_week=current.posts_per_week,
            articles_per_month=current.articles_per_month,
            nudges_enabled=current.nudges_enabled,
        ),
    )
    if request.method == "POST" and form.is_valid():
        cadence.set_targets(
            actor=request.user,
            person=person,
            posts_per_week=form.cleaned_data["posts_per_week"],
            articles_per_month=form.cleaned_data["articles_per_month"],
            nudges_enabled=form.cleaned_data["nudges_enabled"],
        )
        messages.success(request, f"Saved {person.name}'s cadence targets.")
        return redirect("publishing-edit-cadence", person.slug)
    return render(
        request,
        "planning/cadence/targets.html",
        {
            "title": "Cadence targets",
            "person": person,
            "form": form,
            "cadence": cadence.cadence_for(person),
        },
    )


@require_POST
@role_required(set(Role))
def dismiss_nudge(request: SignedInRequest, pk: int) -> HttpResponse:
    if mark_read(request.user, pk) is None:
        raise Http404("No such reminder.")
    return back(request, request.user.home_url_name)
