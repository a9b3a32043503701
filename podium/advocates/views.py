"""The Advocates pages: the ranked list, an advocate's page (merge, split), suggested matches,
and importing files. Thin: the reads are access.py's and scoring.py's, the changes actions.py's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.advocates import access, actions, continuity, scoring
from podium.advocates.forms import ImportForm, MergeForm
from podium.advocates.importing import COLUMNS, REQUIRED
from podium.advocates.models import Advocate, ImportJob, Kind, MatchSuggestion, RemoteAccount
from podium.lib.forms import show_errors
from podium.org.models import Person

PER_PAGE = 50
EVENTS_SHOWN = 100
QUERY_CHARS = 100
POLL_SECONDS = 2
MAX_LEAVING = 50  # executives picked for one departure simulation


@role_required(access.READERS)
def list_advocates(request: SignedInRequest) -> HttpResponse:
    people = access.people_in_view(request.user)
    query = request.GET.get("q", "").strip()[:QUERY_CHARS]
    # A leaderboard per executive: one of those the reader sees, else all of them.
    executives = access.executives_in_view(request.user)
    chosen = next((p for p in executives if p.slug == request.GET.get("executive")), None)
    advocates = scoring.ranked([chosen.pk] if chosen else people)
    if query:
        advocates = advocates.filter(
            Q(name__icontains=query) | Q(accounts__handle__icontains=query)
        ).distinct()
    page = Paginator(advocates, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(advocate, scoring.breakdown(advocate)) for advocate in page]
    networks = dict(
        RemoteAccount.objects.filter(advocate__in=[a for a, _ in rows])
        .values("advocate")
        .annotate(n=Count("network", distinct=True))
        .values_list("advocate", "n")
    )
    return render(
        request,
        "advocates/list_advocates.html",
        {
            "title": "Advocates",
            "page": page,
            "rows": [(a, b, networks.get(a.pk, 0)) for a, b in rows],
            "query": query,
            "executives": executives,
            "chosen": chosen,
            "manages": request.user.has_role(*access.MANAGERS),
            "own_only": people is not None,
            "weights": [(label, scoring.WEIGHTS[kind]) for kind, label in Kind.choices],
            "open_suggestions": MatchSuggestion.objects.filter(
                state=MatchSuggestion.State.OPEN
            ).count()
            if people is None
            else 0,
        },
    )


@role_required(access.READERS)
def show_advocate(request: SignedInRequest, pk: int) -> HttpResponse:
    advocate = access.access_advocate(request.user, pk)
    return _advocate_page(request, advocate, MergeForm())


def _advocate_page(request: SignedInRequest, advocate: Advocate, form: MergeForm) -> HttpResponse:
    people = access.people_in_view(request.user)
    scored = scoring.score_of(advocate, people)
    events = (
        access.visible_events(request.user)
        .filter(account__advocate=advocate)
        .select_related("account", "person", "publication", "article")[:EVENTS_SHOWN]
    )
    by_executive = (
        access.visible_events(request.user)
        .filter(account__advocate=advocate)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = dict(Person.objects.values_list("pk", "name"))
    manages = request.user.has_role(*access.MANAGERS)
    return render(
        request,
        "advocates/show_advocate.html",
        {
            "title": advocate.name or f"Advocate {advocate.pk}",
            "advocate": advocate,
            "accounts": list(advocate.accounts.all()),
            "breakdown": scoring.breakdown(scored) if scored is not None else None,
            "events": events,
            "executives": [(names.get(row["person"], "?"), row["n"]) for row in by_executive],
            "manages": manages,
            "form": form,
            "suggestions": MatchSuggestion.objects.filter(
                Q(first__advocate=advocate) | Q(second__advocate=advocate),
                state=MatchSuggestion.State.OPEN,
            ).select_related("first__advocate", "second__advocate")
            if manages
            else [],
            "recent_days": scoring.RECENT.days,
            "breadth_points": scoring.BREADTH_POINTS,
        },
    )


def _other_advocate(value: str, into: Advocate) -> Advocate:
    """The advocate a person named by number or by handle, or a ValidationError saying why not."""
    value = value.strip()
    if value.lstrip("#").isdigit():
        found = Advocate.objects.filter(pk=int(value.lstrip("#"))).first()
        if found is None:
            raise ValidationError({"other": f"No advocate has the number {value}."})
        return found
    handle = value if value.startswith("@") or "." in value else f"@{value}"
    advocates = set(
        RemoteAccount.objects.filter(Q(handle__iexact=value) | Q(handle__iexact=handle))
        .exclude(advocate=into)
        .values_list("advocate", flat=True)
    )
    if not advocates:
        raise ValidationError({"other": f"No other advocate has the handle {value!r}."})
    if len(advocates) > 1:
        raise ValidationError(
            {"other": f"Several advocates have the handle {value!r}: give the number instead."}
        )
    return Advocate.objects.get(pk=advocates.pop())


@require_POST
@role_required(access.MANAGERS)
def merge_advocate(request: SignedInRequest, pk: int) -> HttpResponse:
    advocate = access.access_advocate(request.user, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            other = _other_advocate(form.cleaned_data["other"], advocate)
            actions.do_merge(request.user, advocate, [other])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{other.name} and {advocate.name} are now one advocate.")
            return redirect("advocates-show-advocate", pk=advocate.pk)
    return _advocate_page(request, advocate, form)


@require_POST
@role_required(access.MANAGERS)
def split_account(request: SignedInRequest, pk: int, account: int) -> HttpResponse:
    advocate = access.access_advocate(request.user, pk)
    remote = advocate.accounts.filter(pk=account).first()
    if remote is None:
        return redirect("advocates-show-advocate", pk=advocate.pk)
    try:
        new = actions.do_split(request.user, remote)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("advocates-show-advocate", pk=advocate.pk)
    messages.success(request, f"{remote.label} is now an advocate of their own.")
    return redirect("advocates-show-advocate", pk=new.pk)


@role_required(access.MANAGERS)
def list_suggestions(request: SignedInRequest) -> HttpResponse:
    suggestions = MatchSuggestion.objects.filter(state=MatchSuggestion.State.OPEN).select_related(
        "first__advocate", "second__advocate"
    )
    page = Paginator(suggestions, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "advocates/list_suggestions.html",
        {"title": "Suggested matches", "page": page},
    )


@require_POST
@role_required(access.MANAGERS)
def decide_suggestion(request: SignedInRequest, pk: int) -> HttpResponse:
    suggestion = access.access_suggestion(request.user, pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        actions.do_decide_suggestion(request.user, suggestion, confirm=confirm)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        first, second = suggestion.first.label, suggestion.second.label
        messages.success(
            request,
            f"{first} and {second} are now one advocate."
            if confirm
            else f"{first} and {second} stay apart.",
        )
    return redirect("advocates-list-suggestions")


@role_required(access.MANAGERS)
def import_engagement(request: SignedInRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.do_start_import(request.user, form.cleaned_data["file"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("advocates-show-import", pk=job.pk)
    return render(
        request,
        "advocates/import.html",
        {
            "title": "Import engagement",
            "form": form,
            "jobs": ImportJob.objects.select_related("created_by")[:20],
            "columns": COLUMNS,
            "required": REQUIRED,
        },
    )


@role_required(access.MANAGERS)
def show_import(request: SignedInRequest, pk: int) -> HttpResponse:
    job = access.access_import(request.user, pk)
    template = (
        "advocates/_import_progress.html"
        if request.headers.get("HX-Request")
        else "advocates/show_import.html"
    )
    return render(
        request,
        template,
        {"title": f"Import of {job.filename}", "job": job, "poll_seconds": POLL_SECONDS},
    )


@role_required(access.MANAGERS)
def show_continuity(request: SignedInRequest) -> HttpResponse:
    """Key-person risk per executive, and what the company keeps if some leave."""
    total, risks = continuity.risks()
    slugs = [slug[:120] for slug in request.GET.getlist("leaving")[:MAX_LEAVING]]
    leaving = list(Person.objects.filter(slug__in=slugs).order_by("name"))
    return render(
        request,
        "advocates/continuity.html",
        {
            "title": "Key-person risk",
            "total": total,
            "risks": risks,
            "people": Person.objects.filter(is_active=True).order_by("name"),
            "leaving": {p.pk for p in leaving},
            "departure": continuity.departure(leaving) if leaving else None,
        },
    )
