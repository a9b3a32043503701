"""Policy's pages: the rules (/policy/), topics (/topics/) and the roster (/roster/).
Administrators and communications managers edit; approvers read; the roster is read by
everyone signed in (its mentors are there to be asked). Writes go through actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.lib.forms import show_errors
from podium.org.access import visible_people
from podium.policy import actions
from podium.policy.access import access_roster_entry, access_rule, access_topic
from podium.policy.forms import RosterForm, RuleForm, TopicForm
from podium.policy.models import RosterEntry, Rule, Topic

EDITORS = actions.POLICY_EDITORS
READERS = actions.POLICY_READERS
EVERYONE = set(Role)


# ---------------------------------------------------------------------------- rules


@role_required(READERS)
def list_rules(request: SignedInRequest) -> HttpResponse:
    rules = Rule.objects.select_related("topic", "person")
    return render(
        request,
        "policy/list_rules.html",
        {
            "title": "Policy rules",
            "rules": rules,
            "can_edit": request.user.has_role(*EDITORS),
        },
    )


def _edit_rule(request: SignedInRequest, rule: Rule | None) -> HttpResponse:
    form = RuleForm(request.POST or None, instance=rule or Rule())
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_rule(request.user, rule, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved the rule “{saved.name}”.")
            return redirect("policy-list-rules")
    return render(
        request,
        "policy/edit_rule.html",
        {"title": "Edit rule" if rule else "New rule", "form": form, "rule": rule},
    )


@role_required(EDITORS)
def create_rule(request: SignedInRequest) -> HttpResponse:
    return _edit_rule(request, None)


@role_required(EDITORS)
def edit_rule(request: SignedInRequest, pk: int) -> HttpResponse:
    return _edit_rule(request, access_rule(pk))


@role_required(EDITORS)
@require_POST
def delete_rule(request: SignedInRequest, pk: int) -> HttpResponse:
    rule = access_rule(pk)
    actions.do_delete_rule(request.user, rule)
    messages.success(request, f"Deleted the rule “{rule.name}”.")
    return redirect("policy-list-rules")


# ---------------------------------------------------------------------------- topics


@role_required(READERS)
def list_topics(request: SignedInRequest) -> HttpResponse:
    can_edit = request.user.has_role(*EDITORS)
    form = TopicForm(request.POST or None) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            topic = actions.do_save_topic(request.user, None, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Added the topic {topic.name}.")
            return redirect("policy-list-topics")
    return render(
        request,
        "policy/list_topics.html",
        {"title": "Topics", "topics": Topic.objects.all(), "form": form, "can_edit": can_edit},
    )


@role_required(EDITORS)
def edit_topic(request: SignedInRequest, pk: int) -> HttpResponse:
    topic = access_topic(pk)
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_topic(request.user, topic, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved the topic {topic.name}.")
            return redirect("policy-list-topics")
    return render(
        request, "policy/edit_topic.html", {"title": "Edit topic", "form": form, "topic": topic}
    )


@role_required(EDITORS)
@require_POST
def delete_topic(request: SignedInRequest, pk: int) -> HttpResponse:
    topic = access_topic(pk)
    try:
        actions.do_delete_topic(request.user, topic)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Deleted the topic {topic.name}.")
    return redirect("policy-list-topics")


# ---------------------------------------------------------------------------- roster


ROSTER_PER_PAGE = 50


@role_required(EVERYONE)
def list_roster(request: SignedInRequest) -> HttpResponse:
    entries = RosterEntry.objects.select_related("person").prefetch_related("topics")
    page = Paginator(entries, ROSTER_PER_PAGE).get_page(request.GET.get("page"))
    shown = [e.person_id for e in page]
    return render(
        request,
        "policy/list_roster.html",
        {
            "title": "Roster",
            "page": page,
            # A person's page only for those who may open it (an executive sees their own).
            "visible": set(
                visible_people(request.user).filter(pk__in=shown).values_list("pk", flat=True)
            ),
            "mentors": entries.filter(is_mentor=True),
            "can_edit": request.user.has_role(*EDITORS),
        },
    )


def _edit_entry(request: SignedInRequest, entry: RosterEntry | None) -> HttpResponse:
    form = RosterForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_roster_entry(request.user, entry, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved {saved.person.name}'s roster entry.")
            return redirect("policy-list-roster")
    return render(
        request,
        "policy/edit_roster.html",
        {
            "title": "Edit roster entry" if entry else "Add to the roster",
            "form": form,
            "entry": entry,
        },
    )


@role_required(EDITORS)
def create_roster_entry(request: SignedInRequest) -> HttpResponse:
    return _edit_entry(request, None)


@role_required(EDITORS)
def edit_roster_entry(request: SignedInRequest, pk: int) -> HttpResponse:
    return _edit_entry(request, access_roster_entry(pk))


@role_required(EDITORS)
@require_POST
def delete_roster_entry(request: SignedInRequest, pk: int) -> HttpResponse:
    entry = access_roster_entry(pk)
    actions.do_delete_roster_entry(request.user, entry)
    messages.success(request, f"Removed {entry.person.name}'s roster entry.")
    return redirect("policy-list-roster")
