"""The blog's pages: public reading and commenting, the writer's pages, moderation.

Views are thin: they check the role, fetch through podium.blog.access, and call actions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from podium.accounts.actions import client_ip
from podium.accounts.permissions import SignedInRequest, role_required
from podium.blog import access, actions, sections
from podium.blog.feeds import absolute
from podium.blog.forms import ArticleForm, CommentForm
from podium.blog.models import Article, Comment
from podium.lib.forms import show_errors
from podium.org.models import Person
from podium.publishing import extensions

ARTICLES_PER_PAGE = 10
WRITER_ARTICLES_PER_PAGE = 25
COMMENTS_PER_PAGE = 30
COMPOSE_PATH = "/compose/"
WRITER_TABS = [
    ("", "All"),
    ("draft", "Drafts"),
    ("approval", "Waiting for approval"),
    ("published", "Published"),
]
DECISIONS = [
    (Comment.Status.APPROVED, "Approve", "check", "btn-success"),
    (Comment.Status.REJECTED, "Reject", "x", "btn-outline-secondary"),
    (Comment.Status.SPAM, "Spam", "ban", "btn-outline-danger"),
]


def _authors() -> list[Person]:
    """People with published articles, for the index's filter and the author list."""
    return list(
        Person.objects.filter(is_active=True, articles__status=Article.Status.PUBLISHED)
        .annotate(article_count=Count("articles"))
        .order_by("name")
    )


# --- public pages ---------------------------------------------------------------------------


def blog_index(request: HttpRequest) -> HttpResponse:
    articles = access.published_with_counts()
    author = None
    if slug := request.GET.get("author"):
        author = access.public_person(slug)
        articles = articles.filter(person=author)
    page = Paginator(articles.order_by("-published_at"), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "blog/index.html",
        {
            "page": page,
            "authors": _authors(),
            "author": author,
            "feed_url": absolute(reverse("blog-company-feed")),
            "canonical": absolute(reverse("blog-index")),
        },
    )


def person_blog(request: HttpRequest, person_slug: str) -> HttpResponse:
    person = access.public_person(person_slug)
    articles = access.published_with_counts().filter(person=person).order_by("-published_at")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "blog/person.html",
        {
            "person": person,
            "page": page,
            "feed_url": absolute(reverse("blog-person-feed", args=[person.slug])),
            "canonical": absolute(reverse("blog-person", args=[person.slug])),
            "photo_url": absolute(person.photo.url) if person.photo else "",
        },
    )


def _article_context(article: Article, form: CommentForm | None = None) -> dict[str, Any]:
    comments = list(article.comments.filter(status=Comment.Status.APPROVED))
    return {
        "article": article,
        "person": article.person,
        "comments": comments,
        "form": form or CommentForm(),
        "feed_url": absolute(reverse("blog-person-feed", args=[article.person.slug])),
        "canonical": article.public_url(),
        "photo_url": absolute(article.person.photo.url) if article.person.photo else "",
    }


def show_article(request: HttpRequest, person_slug: str, slug: str) -> HttpResponse:
    article = access.public_article(person_slug, slug)
    form = None
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                actions.do_post_comment(article, form.cleaned_data, ip_address=client_ip(request))
            except actions.CommentRateLimitError as limited:
                messages.error(
                    request,
                    "You have sent several comments in a short time. Please wait "
                    f"{limited.retry_after // 60} minutes and send it again; "
                    "your text is still in the form below.",
                )
                status = 429
            else:
                messages.success(
                    request,
                    "Thank you: your comment is waiting for moderation and will show here "
                    "once it is approved.",
                )
                return redirect(article.get_absolute_url() + "#comments")
    return render(request, "blog/article.html", _article_context(article, form), status=status)


# --- the writer's pages ---------------------------------------------------------------------


@role_required(access.WRITER_ROLES)
def list_articles(request: SignedInRequest) -> HttpResponse:
    articles = access.writable_articles(request.user)
    status = request.GET.get("status", "")
    if status in Article.Status.values:
        articles = articles.filter(status=status)
    elif status == "approval":
        articles = articles.filter(
            Q(edited_by__isnull=True) | ~Q(edited_by=F("person__user")),
            status=Article.Status.DRAFT,
            approved_at__isnull=True,
        )
    page = Paginator(articles.order_by("-updated_at"), WRITER_ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "blog/write_list.html",
        {"title": "Articles", "page": page, "status": status, "tabs": WRITER_TABS},
    )


@role_required(access.WRITER_ROLES)
def create_article(request: SignedInRequest) -> HttpResponse:
    people = access.writable_people(request.user).filter(is_active=True)
    form = ArticleForm(request.POST or None, people=people)
    extra = sections.add_fields(form, request.user, None)
    if request.method == "POST" and form.is_valid():
        values = extensions.values_from_form(form, extra)
        data = {f: v for f, v in form.cleaned_data.items() if f in form.own_fields}
        person = data.pop("person")
        if not data.get("slug"):
            data.pop("slug", None)
        try:
            article = actions.do_save_article(request.user, person, data, values=values)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect("blog-edit-article", article.pk)
    return render(
        request,
        "blog/write_form.html",
        {"title": "New article", "form": form, "sections": extra},
    )


@role_required(access.WRITER_ROLES)
def edit_article(request: SignedInRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk)
    initial = {f: getattr(article, f) for f in actions.ARTICLE_FIELDS}
    form = ArticleForm(request.POST or None, initial=initial)
    extra = sections.add_fields(form, request.user, article)
    if request.method == "POST" and form.is_valid():
        was_published = article.is_published
        try:
            actions.do_save_article(
                request.user,
                article.person,
                {f: v for f, v in form.cleaned_data.items() if f in form.own_fields},
                article=article,
                values=extensions.values_from_form(form, extra),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if was_published and not article.is_published:
                messages.warning(
                    request,
                    f"Saved. The text changed, so the article is back to draft until "
                    f"{article.person.name} approves it.",
                )
            else:
                messages.success(request, "Saved.")
            return redirect("blog-edit-article", article.pk)
    return render(
        request,
        "blog/write_form.html",
        {
            "title": article.title,
            "form": form,
            "sections": extra,
            "article": article,
            "can_approve": article.needs_approval and article.person.user_id == request.user.pk,
        },
    )


@role_required(access.WRITER_ROLES)
def preview_article(request: SignedInRequest, pk: int) -> HttpResponse:
    article = access.access_article(request.user, pk)
    context = _article_context(article)
    context["preview"] = True
    return render(request, "blog/article.html", context)


def _article_action(request: SignedInRequest, pk: int, action: Any, done: str) -> HttpResponse:
    article = access.access_article(request.user, pk)
    try:
        action(request.user, article)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("blog-edit-article", article.pk)


@require_POST
@role_required(access.WRITER_ROLES)
def publish_article(request: SignedInRequest, pk: int) -> HttpResponse:
    return _article_action(request, pk, actions.do_publish_article, "Published.")


@require_POST
@role_required(access.WRITER_ROLES)
def unpublish_article(request: SignedInRequest, pk: int) -> HttpResponse:
    return _article_action(
        request, pk, actions.do_unpublish_article, "Unpublished: the article is a draft again."
    )


@require_POST
@role_required(access.WRITER_ROLES)
def approve_article(request: SignedInRequest, pk: int) -> HttpResponse:
    return _article_action(
        request, pk, actions.do_approve_article, "Approved: this exact text may now be published."
    )


@require_POST
@role_required(access.WRITER_ROLES)
def announce_article(request: SignedInRequest, pk: int) -> HttpResponse:
    """Create a post linking to the article and open it in compose."""
    article = access.access_article(request.user, pk)
    try:
        post = actions.do_announce_article(request.user, article)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("blog-edit-article", article.pk)
    messages.success(request, "A post announcing the article is ready: adjust it and schedule it.")
    try:
        return redirect(reverse("publishing-edit-post", args=[post.pk]))
    except NoReverseMatch:  # compose's pages not installed: its prefilled form instead
        query = urlencode(
            {"text": actions.announcement_text(article), "link": article.public_url()}
        )
        return redirect(f"{COMPOSE_PATH}?{query}")


# --- moderation -----------------------------------------------------------------------------


@role_required(access.MODERATOR_ROLES)
def moderate_comments(request: SignedInRequest) -> HttpResponse:
    comments = access.moderated_comments(request.user)
    status = request.GET.get("status", Comment.Status.PENDING)
    if status not in Comment.Status.values:
        status = Comment.Status.PENDING
    counts = comments.aggregate(
        **{s: Count("pk", filter=Q(status=s)) for s in Comment.Status.values}
    )
    ordering = "created_at" if status == Comment.Status.PENDING else "-created_at"
    page = Paginator(comments.filter(status=status).order_by(ordering), COMMENTS_PER_PAGE)
    return render(
        request,
        "blog/moderate.html",
        {
            "title": "Comments",
            "page": page.get_page(request.GET.get("page")),
            "status": status,
            "counts": counts,
            "tabs": [(s, label, counts[s]) for s, label in Comment.Status.choices],
            "decisions": DECISIONS,
        },
    )


@require_POST
@role_required(access.MODERATOR_ROLES)
def moderate_comment(request: SignedInRequest, pk: int) -> HttpResponse:
    comment = access.access_comment(request.user, pk)
    decision = request.POST.get("decision", "")
    try:
        actions.do_moderate_comment(request.user, comment, decision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = Comment.Status(decision).label.lower()
        messages.success(request, f"{comment.name}'s comment: {label}.")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/blog/moderate/") else reverse("blog-moderate"))
