"""Builders for the blog tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from podium.blog import markdown
from podium.blog.models import Article, Comment
from podium.org.models import Person


def article(
    person: Person,
    title: str = "Why we listen first",
    *,
    published: bool = True,
    body: str = "We **listen** first.\n\nThen we act.",
    days_ago: int = 1,
    **fields: object,
) -> Article:
    user = person.user
    return Article.objects.create(
        person=person,
        title=title,
        slug=fields.pop("slug", None) or title.lower().replace(" ", "-"),
        summary=fields.pop("summary", "A short summary."),
        body=body,
        body_html=markdown.render(body),
        status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        published_at=timezone.now() - dt.timedelta(days=days_ago) if published else None,
        created_by=user,
        edited_by=user,
        **fields,
    )


def comment(article: Article, status: str = Comment.Status.PENDING, **fields: object) -> Comment:
    return Comment.objects.create(
        article=article,
        name=fields.pop("name", "Pat Reader"),
        email=fields.pop("email", "pat@example.org"),
        text=fields.pop("text", "Thoughtful piece."),
        status=status,
        **fields,
    )
