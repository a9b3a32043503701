"""Pages for the roster of people, an executive's home and the organisation. Writes go through
actions. The program home reads several apps, so it is governance's (views_home.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import AUDIT_READERS, PEOPLE_EDITORS, USER_ADMINS, Role
from podium.governance.models import AuditEntry
from podium.lib.forms import show_errors
from podium.org.access import access_person, can_edit_person, roster, visible_people
from podium.org.actions import SELF_EDITABLE, do_save_person, do_update_organisation
from podium.org.forms import OrganisationForm, PersonForm
from podium.org.models import Organisation, Person

EDITOR_FIELDS = ("name", "title", "bio", "timezone", "photo", "user", "is_active")
NEW_PERSON_FIELDS = ("name", "title", "bio", "timezone", "photo", "user")  # new: on the roster
PEOPLE_PER_PAGE = 50


@role_required({Role.EXECUTIVE})
def executive_home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    person = roster(Person.objects.filter(user=user)).first()
    acts_for = roster(Person.objects.filter(delegations__user=user, is_active=True))
    return render(
        request,
        "org/executive_home.html",
        {
            "title": "Your profile" if person else "Welcome",
            "person": person,
            # The drafts awaiting their approval, and what they drafted that awaits someone
            # else's, come from governance's template tags (approval_tags).
            "acts_for": acts_for,
        },
    )


@role_required(set(Role))
def list_people(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(*AUDIT_READERS):
        return redirect("org-executive-home")  # executives see their own and whom they act for
    query = request.GET.get("q", "").strip()
    people = visible_people(user)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(title__icontains=query))
    page = Paginator(roster(people), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/list_people.html",
        {
            "title": "People",
            "page": page,
            "query": query,
            "can_create": user.has_role(*PEOPLE_EDITORS),
        },
    )


@role_required(PEOPLE_EDITORS)
def create_person(request: SignedInRequest) -> HttpResponse:
    form = PersonForm(
        request.POST or None,
        request.FILES or None,
        editable=NEW_PERSON_FIELDS,
        with_delegates=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = do_save_person(
                request.user,
                None,
                form.profile_data(),
                form.delegates(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{person.name} is on the roster.")
            return redirect("org-show-person", slug=person.slug)
    return render(
        request,
        "org/edit_person.html",
        {
            "title": "Add a person",
            "form": form,
            "person": None,
            "is_editor": True,
            **_upload_note(request, form),
        },
    )


@role_required(set(Role))
def show_person(request: SignedInRequest, slug: str) -> HttpResponse:
    user = request.user
    person = access_person(user, slug)
    person = roster(Person.objects.filter(pk=person.pk)).get()
    reads_audit = user.has_role(*AUDIT_READERS)
    history = (
        AuditEntry.objects.filter(target_type="org.person", target_id=str(person.pk))[:5]
        if reads_audit
        else []
    )
    return render(
        request,
        "org/show_person.html",
        {
            "title": person.name,
            "person": person,
            "can_edit": can_edit_person(user, person),
            "history": history,
            "reads_audit": reads_audit,
        },
    )


@role_required(set(Role))
def edit_person(request: SignedInRequest, slug: str) -> HttpResponse:
    user = request.user
    person = access_person(user, slug, for_edit=True)
    is_editor = user.has_role(*PEOPLE_EDITORS)
    form = PersonForm(
        request.POST or None,
        request.FILES or None,
        person=person,
        editable=EDITOR_FIELDS if is_editor else SELF_EDITABLE,
        with_delegates=is_editor,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = do_save_person(
                user,
                person,
                form.profile_data(),
                form.delegates(),
            )
        except ValidationError as error:
            person.refresh_from_db()  # the failed attempt must not show as saved
            show_errors(form, error)
        else:
            messages.success(request, "Profile saved.")
            return redirect("org-show-person", slug=person.slug)
    return render(
        request,
        "org/edit_person.html",
        {
            "title": f"Edit {person.name}",
            "form": form,
            "person": person,
            "is_editor": is_editor,
            **_upload_note(request, form),
        },
    )


@role_required(USER_ADMINS)
def edit_organisation(request: SignedInRequest) -> HttpResponse:
    org = Organisation.current()
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "name": org.name,
            "logo": org.logo,
            "timezone": org.timezone,
            "brand_colour": org.brand_colour,
            "require_two_factor": org.require_two_factor,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            do_update_organisation(
                request.user,
                form.organisation_data(),
            )
        except ValidationError as error:
            org.refresh_from_db()
            show_errors(form, error)
        else:
            messages.success(request, "Organisation settings saved.")
            return redirect("org-edit-organisation")
    return render(
        request,
        "org/edit_organisation.html",
        {"title": "Organisation", "form": form, "org": org, **_upload_note(request, form)},
    )


def _upload_note(request: HttpRequest, form: Form) -> dict[str, Any]:
    """Browsers drop a chosen file when a form comes back with errors: say so."""
    return {"reupload": request.method == "POST" and bool(request.FILES) and bool(form.errors)}
