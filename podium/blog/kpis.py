"""What the blog measures for program objectives (the KPI shape: `podium.lib.kpis`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from podium.blog.models import Article, Comment
from podium.lib.kpis import KPI, Direction, People


def _articles(people: People) -> QuerySet[Article]:
    articles = Article.objects.all()
    return articles if people is None else articles.filter(person_id__in=people)


def articles_published(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """Articles published in the window; no data until someone has written for the blog."""
    articles = _articles(people)
    if not articles.filter(Q(created_at__lt=end) | Q(published_at__lt=end)).exists():
        return None
    return articles.filter(
        status=Article.Status.PUBLISHED, published_at__gte=start, published_at__lt=end
    ).count()


def comments_received(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """Readers' comments (spam left out) on the articles; no data before the first article
    is published, since there was nothing to comment on."""
    articles = _articles(people).filter(published_at__isnull=False, published_at__lt=end)
    if not articles.exists():
        return None
    return (
        Comment.objects.filter(article__in=articles, created_at__gte=start, created_at__lt=end)
        .exclude(status=Comment.Status.SPAM)
        .count()
    )


KPIS = (
    KPI(
        key="blog.articles_published",
        label="Articles published",
        unit="articles",
        direction=Direction.HIGHER,
        measure=articles_published,
        adds_up=True,
        description="Blog articles published by the executives.",
    ),
    KPI(
        key="blog.comments_received",
        label="Comments received",
        unit="comments",
        direction=Direction.HIGHER,
        measure=comments_received,
        adds_up=True,
        description="Readers' comments on the executives' articles, spam left out.",
    ),
)
