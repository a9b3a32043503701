"""Writes to the blog, each audited in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from podium.accounts.models import User
from podium.blog import markdown, notifications, sections
from podium.blog.access import moderated_people
from podium.blog.models import Article, Comment
from podium.governance import audit
from podium.org.access import can_edit_person
from podium.org.models import Person
from podium.publishing.actions import COMPOSE_NETWORKS, do_create_post
from podium.publishing.models import Post

ARTICLE_FIELDS = ("title", "slug", "summary", "body")
TEXT_FIELDS = ("title", "summary", "body")  # what the executive's approval covers
AUDITED = ("title", "slug", "summary", "body", "status", "published_at", "approved_by")
# Comments from one address: at most COMMENT_LIMIT in COMMENT_WINDOW seconds.
COMMENT_LIMIT = 5
COMMENT_WINDOW = 10 * 60


class CommentRateLimitError(Exception):
    """Too many comments from one address; `retry_after` in seconds (the window's length)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many comments: try again in {retry_after // 60} minutes.")
        self.retry_after = retry_after


def _check_writer(actor: User, person: Person) -> None:
    if not can_edit_person(actor, person):
        raise PermissionDenied("You may not write articles for this person.")


def unique_article_slug(person: Person, wanted: str, *, exclude: int | None = None) -> str:
    base = slugify(wanted)[:100] or "article"
    slug, n = base, 2
    taken = Article.objects.filter(person=person)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_save_article(
    actor: User,
    person: Person,
    data: dict[str, Any],
    *,
    article: Article | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    via: str = "web",
) -> Article:
    """Create an article (article=None) or change one. A changed text needs approval again.
    `values`: the sections' (blog/sections.py: objectives, ...), each saved by its own app."""
    _check_writer(actor, person)
    creating = article is None
    if article is None:
        article = Article(person=person, created_by=actor)
    before = None if creating else audit.snapshot(article, AUDITED)
    old_text = tuple(getattr(article, f) for f in TEXT_FIELDS)
    for field in ARTICLE_FIELDS:
        if field in data:
            setattr(article, field, (data[field] or "").strip())
    if not article.slug or (creating and "slug" not in data):
        article.slug = unique_article_slug(person, article.title, exclude=article.pk)
    elif Article.objects.filter(person=person, slug=article.slug).exclude(pk=article.pk).exists():
        raise ValidationError({"slug": f"{person.name} already has an article at this address."})
    text_changed = creating or tuple(getattr(article, f) for f in TEXT_FIELDS) != old_text
    if text_changed:
        article.body_html = markdown.render(article.body)
        article.edited_by = actor
        article.approved_by, article.approved_at = None, None
        # A published text changed by someone else goes back to draft until approved.
        if article.is_published and article.needs_approval:
            article.status = Article.Status.DRAFT
    article.full_clean(exclude=["created_by", "edited_by"])
    article.save()
    audit.record(
        actor=actor,
        action="article.created" if creating else "article.updated",
        target=article,
        before=before,
        after=audit.snapshot(article, AUDITED),
        via=via,
    )
    sections.save_values(actor, article, values, via=via)
    if text_changed:
        notifications.notify_article_awaiting_approval(article)
    return article


@transaction.atomic
def do_set_article_values(
    actor: User, article: Article, values: Mapping[str, Mapping[str, Any]], *, via: str = "web"
) -> None:
    """Only the sections' values (what the article serves), its text untouched: nothing to
    approve again. Each section audits its own change."""
    _check_writer(actor, article.person)
    sections.save_values(actor, article, values, via=via)


@transaction.atomic
def do_approve_article(actor: User, article: Article, *, via: str = "web") -> Article:
    """The executive approves the exact text someone drafted for them."""
    if article.person.user_id is None or article.person.user_id != actor.pk:
        raise PermissionDenied(f"Only {article.person.name} can approve their article's text.")
    if not article.needs_approval:
        raise ValidationError("This text needs no approval.")
    article.approved_by, article.approved_at = actor, timezone.now()
    article.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit.record(
        actor=actor,
        action="article.approved",
        target=article,
        after=audit.snapshot(article, ("title", "approved_by", "approved_at")),
        via=via,
    )
    notifications.notify_article_approved(article, actor)
    return article


@transaction.atomic
def do_publish_article(actor: User, article: Article, *, via: str = "web") -> Article:
    _check_writer(actor, article.person)
    if article.is_published:
        raise ValidationError("This article is already published.")
    if article.needs_approval:
        raise ValidationError(
            f"{article.person.name} has not approved this text yet: "
            "an article written for them publishes once they approve it."
        )
    with audit.changing(article, actor=actor, action="article.published", via=via, fields=AUDITED):
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
    return article


@transaction.atomic
def do_unpublish_article(actor: User, article: Article, *, via: str = "web") -> Article:
    _check_writer(actor, article.person)
    if not article.is_published:
        raise ValidationError("This article is not published.")
    with audit.changing(
        article, actor=actor, action="article.unpublished", via=via, fields=AUDITED
    ):
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
    return article


def announcement_text(article: Article) -> str:
    """The post's text: the title, and the summary when there is one."""
    return f"{article.title}: {article.summary}" if article.summary else article.title


def do_announce_article(actor: User, article: Article, *, via: str = "web") -> Post:
    """A draft post linking to the article, one variant per network the executive uses.

    The post is only created, not scheduled: compose opens it for the writer to adjust and
    schedule, and publishing's own approval rules apply to it.
    """
    _check_writer(actor, article.person)
    if not article.is_published:
        raise ValidationError("Publish the article first: the post links to its public page.")
    networks = [
        network
        for network in COMPOSE_NETWORKS
        if article.person.channel_accounts.filter(network=network).exists()
    ] or list(COMPOSE_NETWORKS)
    text = announcement_text(article)
    link = article.public_url()
    with transaction.atomic():
        post = do_create_post(
            actor,
            article.person,
            text,
            {network: {"text": text, "link": link} for network in networks},
            via=via,
        )
        audit.record(
            actor=actor,
            action="article.announced",
            target=article,
            after={"post": post.pk, "networks": networks},
            via=via,
        )
    return post


def check_comment_rate(ip_address: str | None) -> None:
    """Count one comment from `ip_address`; raise CommentRateLimitError past the limit."""
    key = f"podium:blog:comments:{ip_address or 'unknown'}"
    cache.add(key, 0, timeout=COMMENT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new window
        cache.set(key, 1, timeout=COMMENT_WINDOW)
        count = 1
    if count > COMMENT_LIMIT:
        raise CommentRateLimitError(COMMENT_WINDOW)


def do_post_comment(
    article: Article, data: dict[str, Any], *, ip_address: str | None
) -> Comment | None:
    """A comment from the public, pending moderation. A filled honeypot keeps nothing (None)."""
    if not article.is_published:
        raise ValidationError("Comments are open on published articles only.")
    check_comment_rate(ip_address)
    if data.get("website"):  # the honeypot: people never see this field, bots fill it
        return None
    comment = Comment(
        article=article,
        name=data["name"].strip(),
        email=data["email"].strip(),
        text=data["text"].strip(),
        ip_address=ip_address,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def do_moderate_comment(actor: User, comment: Comment, status: str, *, via: str = "web") -> Comment:
    """Approve, reject or mark as spam."""
    if not moderated_people(actor).filter(pk=comment.article.person_id).exists():
        raise PermissionDenied("You do not moderate comments on this article.")
    if status not in (Comment.Status.APPROVED, Comment.Status.REJECTED, Comment.Status.SPAM):
        raise ValidationError("Choose approve, reject or spam.")
    before = {"status": comment.status}
    comment.status = status
    comment.moderated_by, comment.moderated_at = actor, timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit.record(
        actor=actor,
        action=f"comment.{status}",
        target=comment,
        before=before,
        after={"status": status, "article": comment.article_id},
        via=via,
    )
    return comment
