"""The demo's blog: a year of articles per executive, with comments, the same every run."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from podium.blog.models import Article, Comment
from podium.org.models import Person
from podium.system.demo import reset_data, run_demo

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def blog() -> list[tuple]:
    return list(
        Article.objects.order_by("person__slug", "slug").values_list(
            "person__slug", "slug", "title", "body", "status", "published_at"
        )
    )


def test_it_writes_a_year_of_articles_per_executive():
    run_demo(now=NOW)
    for person in Person.objects.all():
        published = person.articles.filter(status=Article.Status.PUBLISHED)
        assert 4 <= published.count() <= 6, person
        for article in published:
            assert NOW - dt.timedelta(days=366) < article.published_at < NOW
            # An opening, two to four paragraphs (some a list, quote or table), a closing.
            assert 3 <= article.body_html.count("<p>") <= 8
            assert article.body_html.startswith("<p>")
            assert article.updated_at == article.published_at
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() > 20
    pending = Comment.objects.filter(status=Comment.Status.PENDING)
    assert pending.count() == 3


def test_it_leaves_the_ceo_a_draft_to_approve():
    ctx = run_demo(now=NOW)
    draft = Article.objects.get(status=Article.Status.DRAFT)
    assert draft.person == ctx.ceo and draft.needs_approval
    assert draft.created_by != ctx.ceo.user
    assert Comment.objects.filter(status="pending", article__person=ctx.ceo).exists()


def test_it_is_the_same_for_the_same_seed():
    run_demo(now=NOW)
    first = blog()
    reset_data()
    run_demo(now=NOW)
    assert blog() == first


def test_its_pages_and_feed_work(client, settings):
    settings.PODIUM_BASE_URL = "https://podium.example.com"
    ctx = run_demo(now=timezone.now())
    assert client.get("/blog/").status_code == 200
    article = ctx.ceo.articles.filter(status=Article.Status.PUBLISHED).first()
    assert client.get(article.get_absolute_url()).status_code == 200
    feed = feedparser.parse(client.get("/blog/feed.atom").content)
    assert feed.bozo == 0 and len(feed.entries) == min(
        30, Article.objects.filter(status="published").count()
    )
