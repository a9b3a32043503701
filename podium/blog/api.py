"""API for the blog's writers and moderators: articles (write, approve, publish, announce) and
comments (list, moderate).

The same permissions as the writer's and moderation pages (podium.blog.access): an article or
comment you may not reach is a 404, a role that may not do something is a 403; every write is
an action of podium.blog.actions, audited with via="api".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from podium.accounts.api_auth import actor, require_role
from podium.blog import access, actions, sections
from podium.blog.models import Article, Comment
from podium.lib.api import (
    MAX_ID,
    OPTIONAL_SLUG_PATTERN,
    SLUG_PATTERN,
    FiltersIn,
    InSchema,
    Page,
    PageIn,
    PatchSchema,
    error_responses,
    paginate,
    patch_field,
)
from podium.publishing.api import post_detail
from podium.publishing.api_schemas import (
    MAX_OBJECTIVES,
    MAX_TOPICS,
    ObjectiveId,
    PostOut,
    TopicSlug,
)

router = Router(tags=["Articles"])
comments_router = Router(tags=["Comments"])

# Literals, not the models' TextChoices: both are named Status, one name in the OpenAPI schema.
CommentStatus = Literal["pending", "approved", "rejected", "spam"]
ArticleId = Path(..., ge=1, le=MAX_ID, description="The article's id.")
CommentId = Path(..., ge=1, le=MAX_ID, description="The comment's id.")


# --- articles --------------------------------------------------------------------------------


class ArticleOut(Schema):
    id: int
    person: str = Field(description="The author's slug.")
    person_name: str
    title: str
    slug: str = Field(description="The last part of the article's public address.")
    summary: str
    body: str = Field(description="Markdown.")
    body_html: str = Field(description="The body as the blog shows it (sanitised HTML).")
    status: Literal["draft", "published"]
    published_at: dt.datetime | None
    public_url: str | None = Field(description="Where the public reads it, once published.")
    written_by_executive: bool
    needs_approval: bool = Field(description="Written for the executive, not approved yet.")
    created_by: str | None
    edited_by: str | None = Field(description="Who wrote the current text.")
    approved_by: str | None
    approved_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    objectives: list[int] = Field(description="The objectives the article serves, by id.")
    topics: list[str] = Field(description="The article's topics, by slug.")

    @staticmethod
    def resolve_objectives(article: Article) -> list[int]:
        return list(sections.raw_values(article).get("objectives", []))

    @staticmethod
    def resolve_topics(article: Article) -> list[str]:
        return list(sections.raw_values(article).get("topics", []))

    @staticmethod
    def resolve_person(article: Article) -> str:
        return article.person.slug

    @staticmethod
    def resolve_person_name(article: Article) -> str:
        return article.person.name

    @staticmethod
    def resolve_public_url(article: Article) -> str | None:
        return article.public_url() if article.is_published else None

    @staticmethod
    def resolve_created_by(article: Article) -> str | None:
        return article.created_by.email if article.created_by else None

    @staticmethod
    def resolve_edited_by(article: Article) -> str | None:
        return article.edited_by.email if article.edited_by else None

    @staticmethod
    def resolve_approved_by(article: Article) -> str | None:
        return article.approved_by.email if article.approved_by else None


class ArticlePage(Page[ArticleOut]):
    pass


class ArticleFilters(FiltersIn):
    status: Literal["draft", "approval", "published"] | None = Field(
        None,
        description="draft, approval (drafts waiting for the executive's approval) or published.",
    )
    person: str = Field("", max_length=120, description="Only this executive's articles (slug).")


class ArticleCreateIn(InSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person": "erin-executive",
                    "title": "Why we listen first",
                    "summary": "What a year of guests' comments taught us.",
                    "body": "We **listen** first.\n\nThen we act.",
                }
            ]
        }
    )

    person: str = Field(max_length=120, pattern=SLUG_PATTERN, description="The author's slug.")
    title: str = Field(min_length=1, max_length=200)
    slug: str = Field(
        "",
        max_length=120,
        pattern=OPTIONAL_SLUG_PATTERN,
        description="The last part of the address; made from the title when empty.",
    )
    summary: str = Field(
        "", max_length=300, description="One or two sentences for the index, feeds and previews."
    )
    body: str = Field(min_length=1, max_length=200_000, description="Markdown.")
    objectives: list[ObjectiveId] = Field(
        default_factory=list,
        max_length=MAX_OBJECTIVES,
        description="The objectives the article serves, by id (GET /api/objectives).",
    )
    topics: list[TopicSlug] = Field(
        default_factory=list,
        max_length=MAX_TOPICS,
        description="The article's topics, by slug (GET /api/topics).",
    )


class ArticlePatchIn(PatchSchema):
    title: str = patch_field(min_length=1, max_length=200)
    slug: str = patch_field(min_length=1, max_length=120, pattern=SLUG_PATTERN)
    summary: str = patch_field(max_length=300)
    body: str = patch_field(min_length=1, max_length=200_000, description="Markdown.")
    objectives: list[ObjectiveId] = patch_field(
        max_length=MAX_OBJECTIVES,
        description="The objectives the article serves from now on, by id; changing only "
        "these leaves the text and its approval as they are.",
    )
    topics: list[TopicSlug] = patch_field(
        max_length=MAX_TOPICS,
        description="The article's topics from now on, by slug; changing only these leaves the "
        "text and its approval as they are.",
    )


def _writer(request: HttpRequest, what: str) -> Any:
    user = actor(request)
    require_role(user, access.WRITER_ROLES, what)
    return user


def _awaiting_approval(articles: QuerySet[Article]) -> QuerySet[Article]:
    """As the Articles page's "Waiting for approval" tab."""
    return articles.filter(
        Q(edited_by__isnull=True) | ~Q(edited_by=F("person__user")),
        status=Article.Status.DRAFT,
        approved_at__isnull=True,
    )


def _fresh(article: Article) -> Article:
    """The article as saved, with the users its answer names."""
    return Article.objects.select_related("person", "created_by", "edited_by", "approved_by").get(
        pk=article.pk
    )


@router.get("/articles", response={200: ArticlePage, **error_responses(403, 422)})
def list_articles(
    request: HttpRequest, filters: Query[ArticleFilters], page: Query[PageIn]
) -> dict[str, object]:
    """The articles you may write, most recently changed first: every executive's for
    communications managers and administrators; your own and those of whom you act for
    otherwise."""
    user = _writer(request, "Listing articles")
    articles = access.writable_articles(user)
    if filters.person:
        articles = articles.filter(person__slug=filters.person)
    if filters.status == "approval":
        articles = _awaiting_approval(articles)
    elif filters.status:
        articles = articles.filter(status=filters.status)
    return paginate(articles.order_by("-updated_at", "-pk"), page)


@router.get("/articles/{article_id}", response={200: ArticleOut, **error_responses(403, 404, 422)})
def get_article(request: HttpRequest, article_id: int = ArticleId) -> Article:
    """One article, with its Markdown and the HTML the blog shows."""
    return access.access_article(_writer(request, "Reading articles"), article_id)


@router.post("/articles", response={201: ArticleOut, **error_responses(400, 403, 422)})
def create_article(request: HttpRequest, payload: ArticleCreateIn) -> Status[Article]:
    """Write a draft article for an executive. Written for someone else, it waits for their
    approval before it can be published."""
    user = _writer(request, "Writing articles")
    data = payload.model_dump()
    values = sections.clean_values(
        user, {"objectives": data.pop("objectives"), "topics": data.pop("topics")}
    )
    person = access.writable_people(user).filter(is_active=True, slug=data.pop("person")).first()
    if person is None:
        raise ValidationError(
            {
                "person": f"You may not write for an executive with the slug {payload.person!r}: "
                "GET /api/people lists those you may see."
            }
        )
    if not data["slug"]:
        data.pop("slug")
    article = actions.do_save_article(user, person, data, values=values, via="api")
    return Status(201, _fresh(article))


@router.patch(
    "/articles/{article_id}", response={200: ArticleOut, **error_responses(400, 403, 404, 422)}
)
def edit_article(
    request: HttpRequest, payload: ArticlePatchIn, article_id: int = ArticleId
) -> Article:
    """Change an article. A changed text written by someone else needs the executive's
    approval again, and a published article goes back to draft until then."""
    user = _writer(request, "Editing articles")
    article = access.access_article(user, article_id)
    changes = payload.changes()
    values = sections.clean_values(
        user, {k: changes.pop(k) for k in ("objectives", "topics") if k in changes}
    )
    if changes:
        actions.do_save_article(
            user, article.person, changes, article=article, values=values, via="api"
        )
    elif values:
        actions.do_set_article_values(user, article, values, via="api")
    return _fresh(article)


@router.post(
    "/articles/{article_id}/approve", response={200: ArticleOut, **error_responses(403, 404, 422)}
)
def approve_article(request: HttpRequest, article_id: int = ArticleId) -> Article:
    """The executive approves the exact text written in their name. Only that executive may."""
    user = _writer(request, "Approving articles")
    article = access.access_article(user, article_id)
    actions.do_approve_article(user, article, via="api")
    return _fresh(article)


@router.post(
    "/articles/{article_id}/publish", response={200: ArticleOut, **error_responses(403, 404, 422)}
)
def publish_article(request: HttpRequest, article_id: int = ArticleId) -> Article:
    """Publish on the blog and its feeds (once the executive has approved a text written for
    them)."""
    user = _writer(request, "Publishing articles")
    article = access.access_article(user, article_id)
    actions.do_publish_article(user, article, via="api")
    return _fresh(article)


@router.post(
    "/articles/{article_id}/unpublish",
    response={200: ArticleOut, **error_responses(403, 404, 422)},
)
def unpublish_article(request: HttpRequest, article_id: int = ArticleId) -> Article:
    """Take the article off the blog: it is a draft again."""
    user = _writer(request, "Unpublishing articles")
    article = access.access_article(user, article_id)
    actions.do_unpublish_article(user, article, via="api")
    return _fresh(article)


@router.post(
    "/articles/{article_id}/announce", response={201: PostOut, **error_responses(403, 404, 422)}
)
def announce_article(request: HttpRequest, article_id: int = ArticleId) -> Status[dict[str, Any]]:
    """Write a draft post linking to the published article, on each network the executive
    has an account on. It is not scheduled: adjust it (PATCH /api/posts/{id}) and schedule it
    (POST /api/posts/{id}/schedule)."""
    user = _writer(request, "Announcing articles")
    article = access.access_article(user, article_id)
    post = actions.do_announce_article(user, article, via="api")
    return Status(201, post_detail(post, user))


# --- comments --------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    article_id: int
    article_title: str
    person: str = Field(description="The slug of the article's author.")
    name: str
    email: str = Field(description="For moderators only; never shown on the blog.")
    text: str
    status: CommentStatus
    created_at: dt.datetime
    moderated_by: str | None
    moderated_at: dt.datetime | None

    @staticmethod
    def resolve_article_title(comment: Comment) -> str:
        return comment.article.title

    @staticmethod
    def resolve_person(comment: Comment) -> str:
        return comment.article.person.slug

    @staticmethod
    def resolve_moderated_by(comment: Comment) -> str | None:
        return comment.moderated_by.email if comment.moderated_by else None


class CommentPage(Page[CommentOut]):
    pass


class CommentFilters(FiltersIn):
    status: CommentStatus | None = Field(
        None, description="pending, approved, rejected or spam; left out: all."
    )
    article: int | None = Field(None, ge=1, le=MAX_ID, description="Only this article's.")


class ModerateIn(InSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "approved"}]})

    status: Literal["approved", "rejected", "spam"] = Field(
        description="approved shows it on the blog; rejected and spam keep it hidden."
    )


def _moderator(request: HttpRequest) -> Any:
    user = actor(request)
    require_role(user, access.MODERATOR_ROLES, "Moderating comments")
    return user


@comments_router.get("/comments", response={200: CommentPage, **error_responses(403, 422)})
def list_comments(
    request: HttpRequest, filters: Query[CommentFilters], page: Query[PageIn]
) -> dict[str, object]:
    """Comments on the articles you moderate: every executive's for communications managers;
    your own and those of whom you act for, for executives. Pending ones oldest first (the
    queue), the others newest first."""
    comments = access.moderated_comments(_moderator(request)).select_related("moderated_by")
    if filters.status:
        comments = comments.filter(status=filters.status)
    if filters.article:
        comments = comments.filter(article_id=filters.article)
    pending = filters.status == Comment.Status.PENDING
    return paginate(comments.order_by("created_at" if pending else "-created_at", "pk"), page)


@comments_router.post(
    "/comments/{comment_id}/moderate",
    response={200: CommentOut, **error_responses(400, 403, 404, 422)},
)
def moderate_comment(
    request: HttpRequest, payload: ModerateIn, comment_id: int = CommentId
) -> Comment:
    """Approve a comment (it shows under the article), reject it, or mark it as spam."""
    user = _moderator(request)
    comment = access.access_comment(user, comment_id)
    actions.do_moderate_comment(user, comment, payload.status, via="api")
    return access.moderated_comments(user).select_related("moderated_by").get(pk=comment.pk)
