"""The idea portal's pages (public) and the comms' pages. Thin: reads through access, writes
through actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from podium.accounts.actions import client_ip
from podium.accounts.permissions import SignedInRequest, role_required
from podium.blog.feeds import absolute
from podium.ideas import access, actions, search
from podium.ideas.forms import (
    AnswerForm,
    CommentForm,
    IdeaForm,
    MergeForm,
    NoteForm,
    SignInForm,
    StatusForm,
)
from podium.ideas.models import ROADMAP, Category, Idea, Moderation, Status
from podium.ideas.session import current_identity, sign_in, sign_out
from podium.lib.forms import show_errors
from podium.org.access import editable_people

IDEAS_PER_PAGE = 20
TRENDING_DAYS = 7
DECISIONS = [
    (Moderation.APPROVED, "Approve", "btn-success"),
    (Moderation.REJECTED, "Reject", "btn-outline-secondary"),
    (Moderation.SPAM, "Spam", "btn-outline-danger"),
]
SORTS = [("top", "Most voted"), ("new", "Newest"), ("trending", "Trending")]


def _refusal(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def _sorted(ideas: QuerySet[Idea], sort: str) -> QuerySet[Idea]:
    if sort == "new":
        return ideas.order_by("-created_at", "-pk")
    if sort == "trending":
        since = timezone.now() - dt.timedelta(days=TRENDING_DAYS)
        return ideas.annotate(
            recent=Count("votes", filter=Q(votes__created_at__gte=since))
        ).order_by("-recent", "-vote_count", "-pk")
    return ideas.order_by("-vote_count", "-created_at", "-pk")


def _voted(request: HttpRequest, ideas: list[Idea]) -> set[int]:
    identity = current_identity(request)
    if identity is None or not ideas:
        return set()
    return set(
        identity.votes.filter(idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True)
    )


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("identity", current_identity(request))
    context.setdefault("feed_url", absolute(reverse("ideas-status-feed", args=[Status.LAUNCHED])))
    return render(request, template, context, status=status)


# --- the portal -----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    ideas = access.listed_ideas(request.user)
    sort = request.GET.get("sort", "top")
    sort = sort if sort in dict(SORTS) else "top"
    status = request.GET.get("status", "")
    if status in Status.values:
        ideas = ideas.filter(status=status)
    else:
        status = ""
    category = Category.objects.filter(slug=request.GET.get("category", "")).first()
    if category is not None:
        ideas = ideas.filter(category=category)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        ideas = search.matching(ideas, query)
    page = Paginator(_sorted(ideas, sort), IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return _public(
        request,
        "ideas/index.html",
        {
            "page": page,
            "voted": _voted(request, list(page)),
            "sorts": SORTS,
            "sort": sort,
            "status": status,
            "statuses": [s for s in Status.choices if s[0] != Status.DUPLICATE],
            "category": category,
            "categories": Category.objects.all(),
            "query": query,
        },
    )


def roadmap(request: HttpRequest) -> HttpResponse:
    ideas = access.listed_ideas(request.user).filter(status__in=ROADMAP)
    columns = [
        (s, s.label, list(ideas.filter(status=s).order_by("-vote_count", "-pk")[:30]))
        for s in ROADMAP
    ]
    return _public(request, "ideas/roadmap.html", {"columns": columns})


def _idea_context(
    request: HttpRequest, idea: Idea, form: CommentForm | None = None
) -> dict[str, Any]:
    return {
        "idea": idea,
        "comments": access.shown_comments(idea, request.user),
        "history": list(idea.history.select_related("changed_by")),
        "voted": bool(_voted(request, [idea])),
        "following": _following(request, idea),
        "form": form or CommentForm(),
        "canonical": idea.public_url(),
        "staff_link": access.triaged_ideas(request.user).filter(pk=idea.pk).exists(),
    }


def show_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.public_idea(request.user, pk)
    if idea.merged_into_id is not None:
        messages.info(request, f"“{idea.title}” was merged into this idea; its votes count here.")
        return redirect(idea.merged_into)  # type: ignore[arg-type]
    return _public(request, "ideas/idea.html", _idea_context(request, idea))


def _following(request: HttpRequest, idea: Idea) -> bool:
    identity = current_identity(request)
    return identity is not None and identity.follows.filter(idea=idea).exists()


@require_POST
def follow_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.public_idea(request.user, pk)
    identity = current_identity(request)
    if identity is None:
        return _needs_identity(request)
    try:
        if request.POST.get("follow") == "stop":
            follow = identity.follows.filter(idea=idea).first()
            if follow is not None:
                actions.do_unfollow(follow)
            messages.success(request, "You no longer follow this idea.")
        else:
            actions.do_follow(identity, idea)
            messages.success(request, "You follow this idea: we email you when its status changes.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    return redirect(idea.get_absolute_url() + "#vote")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The email's link: GET shows a button (mail scanners open links), POST stops the emails."""
    follow = actions.follow_of_token(token)
    if request.method == "POST" and follow is not None:
        actions.do_unfollow(follow)
        messages.success(request, f"You no longer follow “{follow.idea.title}”.")
        return redirect("ideas-index")
    return _public(request, "ideas/unsubscribe.html", {"follow": follow})


def _needs_identity(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Sign in with your email address first: it takes one link.")
    return redirect(f"{reverse('ideas-sign-in')}?next={request.path}")


@require_POST
def vote_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.public_idea(request.user, pk)
    identity = current_identity(request)
    if identity is None:
        return _needs_identity(request)
    undo = request.POST.get("vote") == "remove"
    try:
        if undo:
            actions.do_unvote(identity, idea, ip_address=client_ip(request))
        else:
            actions.do_vote(identity, idea, ip_address=client_ip(request))
    except actions.RateLimitError as limited:
        messages.error(request, str(limited))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, "Your vote is removed." if undo else "Thank you for your vote.")
    return redirect(idea.get_absolute_url() + "#vote")


@require_POST
def comment_idea(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.public_idea(request.user, pk)
    identity = current_identity(request)
    if identity is None:
        return _needs_identity(request)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.do_comment(
                identity, idea, form.cleaned_data["body"], ip_address=client_ip(request)
            )
        except actions.RateLimitError as limited:
            messages.error(request, f"{limited} Your text is still in the form below.")
            status = 429
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, "Your comment is posted.")
            return redirect(idea.get_absolute_url() + "#comments")
    context = _idea_context(request, idea, form)
    return _public(request, "ideas/idea.html", context, status=status)


def submit_idea(request: HttpRequest) -> HttpResponse:
    identity = current_identity(request)
    staff = access.is_staff(request.user)
    form = IdeaForm(request.POST or None, staff=staff)
    status = 200
    if request.method == "POST":
        if identity is None:
            return _needs_identity(request)
        status = 400
        if form.is_valid():
            if form.cleaned_data.get("website"):  # the honeypot: keep nothing
                return redirect("ideas-index")
            try:
                idea = actions.do_submit_idea(
                    identity, form.cleaned_data, ip_address=client_ip(request), staff=staff
                )
            except actions.RateLimitError as limited:
                messages.error(request, f"{limited} Your idea is still in the form below.")
                status = 429
            except PermissionDenied as error:
                messages.error(request, _refusal(error))
            except ValidationError as error:
                show_errors(form, error)
            else:
                if idea.is_visible:
                    messages.success(request, "Thank you: your idea is posted, with your vote.")
                    return redirect(idea)
                messages.success(
                    request, "Thank you: your idea shows here once a moderator has read it."
                )
                return redirect("ideas-my-data")
    return _public(request, "ideas/submit.html", {"form": form}, status=status)


def similar_ideas(request: HttpRequest) -> HttpResponse:
    """The ideas like the title being typed (htmx, as one types), so people vote instead."""
    title = request.GET.get("title", "")[:200]
    found = search.similar(access.listed_ideas(request.user), title)
    return render(request, "ideas/_similar.html", {"similar": found, "title": title})


# --- the public's identity ------------------------------------------------------------------


def sign_in_page(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.do_request_sign_in(
                    form.cleaned_data["email"],
                    form.cleaned_data["display_name"],
                    ip_address=client_ip(request),
                    next_url=form.cleaned_data.get("next") or "",
                )
            except actions.RateLimitError as limited:
                messages.error(request, str(limited))
                status = 429
            except ValidationError as error:
                show_errors(form, error)
            else:
                return _public(
                    request, "ideas/link_sent.html", {"email": form.cleaned_data["email"]}
                )
    return _public(request, "ideas/sign_in.html", {"form": form}, status=status)


def use_sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (so that mail scanners opening links do not use them up); POST
    signs in."""
    next_url = request.GET.get("next", "")
    if request.method != "POST":
        return _public(request, "ideas/use_link.html", {"next": next_url})
    try:
        identity = actions.do_use_sign_in_link(token, ip_address=client_ip(request))
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return redirect("ideas-sign-in")
    response = redirect(next_url if next_url.startswith("/ideas/") else reverse("ideas-index"))
    sign_in(response, identity)
    messages.success(request, f"Signed in as {identity.display_name}: your votes count.")
    return response


@require_POST
def sign_out_page(request: HttpRequest) -> HttpResponse:
    response = redirect("ideas-index")
    sign_out(response)
    messages.success(request, "Signed out.")
    return response


def my_data(request: HttpRequest) -> HttpResponse:
    identity = current_identity(request)
    context: dict[str, Any] = {"identity": identity}
    if identity is not None:
        context |= {
            "ideas": list(identity.ideas.order_by("-created_at")),
            "votes": list(identity.votes.select_related("idea").order_by("-created_at")),
            "comments": list(identity.comments.select_related("idea").order_by("-created_at")),
        }
    return _public(request, "ideas/my_data.html", context)


@require_POST
def delete_my_data(request: HttpRequest) -> HttpResponse:
    identity = current_identity(request)
    if identity is None:
        return _needs_identity(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick “Delete my data” to confirm: nothing was deleted.")
        return redirect("ideas-my-data")
    actions.do_delete_identity(identity, ip_address=client_ip(request))
    response = redirect("ideas-index")
    sign_out(response)
    messages.success(request, "Your data is deleted: your votes, comments and address are gone.")
    return response


# --- the comms' pages -----------------------------------------------------------------------


@role_required(access.ANSWER_ROLES)
def manage_ideas(request: SignedInRequest) -> HttpResponse:
    ideas = access.triaged_ideas(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        ideas = ideas.filter(status=status)
    else:
        status = ""
    query = request.GET.get("q", "").strip()[:100]
    if query:
        ideas = search.matching(ideas, query)
    page = Paginator(ideas.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/manage_list.html",
        {
            "title": "Ideas",
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "query": query,
            "pending": Idea.objects.filter(moderation=Moderation.PENDING).count(),
        },
    )


@role_required(access.STAFF_ROLES)
def moderate_ideas(request: SignedInRequest) -> HttpResponse:
    ideas = access.triaged_ideas(request.user).filter(moderation=Moderation.PENDING)
    page = Paginator(ideas.order_by("created_at", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "ideas/moderate.html",
        {"title": "Ideas waiting for moderation", "page": page, "decisions": DECISIONS},
    )


@require_POST
@role_required(access.STAFF_ROLES)
def moderate_idea(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = access.access_idea(request.user, pk)
    decision = request.POST.get("decision", "")
    try:
        actions.do_moderate_idea(request.user, idea, decision)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, f"“{idea.title}”: {Moderation(decision).label.lower()}.")
    return redirect("ideas-moderate-ideas")


def _manage_context(request: SignedInRequest, idea: Idea, **forms: Any) -> dict[str, Any]:
    people = editable_people(request.user).filter(is_active=True, user__isnull=False)
    answer = forms.get("answer_form") or AnswerForm()
    answer.fields["person"].queryset = people  # type: ignore[union-attr]
    return {
        "title": idea.title,
        "idea": idea,
        "comments": access.shown_comments(idea, request.user),
        "history": list(idea.history.select_related("changed_by")),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": idea.status}),
        "merge_form": forms.get("merge_form") or MergeForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "answer_form": answer,
        "merged": list(idea.merged.all()),
        "can_triage": request.user.has_role(*access.STAFF_ROLES),
    }


@role_required(access.ANSWER_ROLES)
def manage_idea(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = access.access_idea(request.user, pk)
    return render(request, "ideas/manage_idea.html", _manage_context(request, idea))


def _manage_post(
    request: SignedInRequest, pk: int, form_class: type, key: str, act: Any, done: str
) -> HttpResponseBase:
    idea = access.access_idea(request.user, pk)
    form = form_class(request.POST)
    if key == "answer_form":
        form.fields["person"].queryset = editable_people(request.user).filter(
            is_active=True, user__isnull=False
        )
    if form.is_valid():
        try:
            act(idea, form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, _refusal(error))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("ideas-manage-idea", idea.pk)
    context = _manage_context(request, idea, **{key: form})
    return render(request, "ideas/manage_idea.html", context, status=400)


@require_POST
@role_required(access.STAFF_ROLES)
def change_status(request: SignedInRequest, pk: int) -> HttpResponseBase:
    return _manage_post(
        request,
        pk,
        StatusForm,
        "status_form",
        lambda idea, d: actions.do_change_status(request.user, idea, d["status"], d["message"]),
        "Status changed.",
    )


def _merge(request: SignedInRequest, idea: Idea, data: dict[str, Any]) -> None:
    into = access.triaged_ideas(request.user).filter(pk=data["into"]).first()
    if into is None:
        raise ValidationError({"into": f"There is no idea number {data['into']}."})
    actions.do_merge(request.user, idea, into)


@require_POST
@role_required(access.STAFF_ROLES)
def merge_idea(request: SignedInRequest, pk: int) -> HttpResponseBase:
    return _manage_post(
        request,
        pk,
        MergeForm,
        "merge_form",
        lambda idea, d: _merge(request, idea, d),
        "Merged: its votes now count on the other idea.",
    )


@require_POST
@role_required(access.STAFF_ROLES)
def unmerge_idea(request: SignedInRequest, pk: int) -> HttpResponse:
    idea = access.access_idea(request.user, pk)
    try:
        actions.do_unmerge(request.user, idea)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, "Unmerged: the idea stands on its own again.")
    return redirect("ideas-manage-idea", idea.pk)


@require_POST
@role_required(access.ANSWER_ROLES)
def write_note(request: SignedInRequest, pk: int) -> HttpResponseBase:
    return _manage_post(
        request,
        pk,
        NoteForm,
        "note_form",
        lambda idea, d: actions.do_staff_comment(
            request.user, idea, d["body"], internal=d["internal"]
        ),
        "Saved.",
    )


@require_POST
@role_required(access.ANSWER_ROLES)
def write_answer(request: SignedInRequest, pk: int) -> HttpResponseBase:
    return _manage_post(
        request,
        pk,
        AnswerForm,
        "answer_form",
        lambda idea, d: actions.do_official_answer(request.user, idea, d["person"], d["body"]),
        "Official answer saved: it shows once it is the executive's own.",
    )


@require_POST
@role_required(access.ANSWER_ROLES)
def approve_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = access.access_comment(request.user, pk)
    try:
        actions.do_approve_answer(request.user, comment)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, "Approved: the answer shows on the idea in your name.")
    return redirect("ideas-manage-idea", comment.idea_id)
