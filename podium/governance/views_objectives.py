"""The program's objectives: listed and read by everyone signed in, set by administrators and
communications managers. Progress is computed on each visit (`progress.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import AUDIT_READERS, Role
from podium.blog.access import writable_articles
from podium.governance.actions import OBJECTIVE_EDITORS, do_create_objective, do_update_objective
from podium.governance.charts import chart_for
from podium.governance.forms import ObjectiveForm
from podium.governance.localtime import org_zone
from podium.governance.models import AuditEntry
from podium.governance.objectives import Objective
from podium.governance.progress import progress_for, shown
from podium.lib.forms import show_errors
from podium.publishing.access import visible_posts

SERVING_SHOWN = 8  # the latest posts an objective's page lists; the count says how many in all


@role_required(set(Role))
def list_objectives(request: SignedInRequest) -> HttpResponse:
    zone = org_zone()
    objectives = Objective.objects.select_related("owner")
    rows = [progress_for(o, zone, latest_only=True) for o in objectives]
    return render(
        request,
        "governance/list_objectives.html",
        {
            "title": "Objectives",
            "rows": rows,
            "can_edit": request.user.has_role(*OBJECTIVE_EDITORS),
        },
    )


@role_required(set(Role))
def show_objective(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("owner"), pk=pk)
    progress = progress_for(objective, org_zone())
    reads_audit = request.user.has_role(*AUDIT_READERS)
    history = (
        AuditEntry.objects.filter(target_type="governance.objective", target_id=str(pk))[:5]
        if reads_audit
        else []
    )
    unit = progress.unit
    serving = visible_posts(request.user).filter(objectives=objective)
    articles = objective.articles.select_related("person").order_by("-updated_at")
    writable = set(
        writable_articles(request.user).filter(objectives=objective).values_list("pk", flat=True)
    )
    return render(
        request,
        "governance/show_objective.html",
        {
            "title": objective.name,
            "objective": objective,
            "progress": progress,
            "chart": chart_for(progress) if progress.current is not None else None,
            "table": [(p.day, shown(p.value, unit)) for p in progress.points],
            "current": shown(progress.current, unit),
            "baseline": shown(objective.baseline, unit),
            "target": shown(objective.target, unit),
            "can_edit": request.user.has_role(*OBJECTIVE_EDITORS),
            "history": history,
            "reads_audit": reads_audit,
            "serving_count": serving.count(),
            "serving": serving.select_related("person").order_by("-created_at")[:SERVING_SHOWN],
            "articles_count": articles.count(),
            # Each with where this reader may open it: its editor, else its public page.
            "articles": [
                (
                    a,
                    reverse("blog-edit-article", args=[a.pk])
                    if a.pk in writable
                    else a.public_url()
                    if a.is_published
                    else None,
                )
                for a in articles[:SERVING_SHOWN]
            ],
        },
    )


@role_required(OBJECTIVE_EDITORS)
def create_objective(request: SignedInRequest) -> HttpResponse:
    form = ObjectiveForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            objective = do_create_objective(request.user, form.objective_data())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"The objective “{objective.name}” is set.")
            return redirect("governance-show-objective", pk=objective.pk)
    return render(
        request,
        "governance/edit_objective.html",
        {"title": "New objective", "form": form, "objective": None},
    )


@role_required(OBJECTIVE_EDITORS)
def edit_objective(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=pk)
    form = ObjectiveForm(request.POST or None, objective=objective)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_objective(request.user, objective, form.objective_data())
        except ValidationError as error:
            show_errors(form, error)
            objective.refresh_from_db()  # the refused values must not show as saved
        else:
            messages.success(request, "Objective saved.")
            return redirect("governance-show-objective", pk=objective.pk)
    return render(
        request,
        "governance/edit_objective.html",
        {"title": f"Edit {objective.name}", "form": form, "objective": objective},
    )
