"""Atom feeds: the company's blog and each executive's, with each article's full text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from podium.blog.access import public_person, published_articles
from podium.blog.models import Article
from podium.org.models import Organisation, Person

FEED_ITEMS = 30


def absolute(path: str) -> str:
    """A path on Podium as an absolute URL at PODIUM_BASE_URL (never the request's host)."""
    return settings.PODIUM_BASE_URL.rstrip("/") + path


class ContentAtomFeed(Atom1Feed):
    """Atom with the article's full HTML in <content> beside the summary."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class CompanyFeed(Feed):
    feed_type = ContentAtomFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Person | None:
        return None

    def _articles(self, obj: Person | None) -> QuerySet[Article]:
        articles = published_articles()
        return articles.filter(person=obj) if obj is not None else articles

    def title(self, obj: Person | None) -> str:
        org = Organisation.objects.order_by("pk").first()
        return f"{org.name if org else 'Podium'} blog"

    def subtitle(self, obj: Person | None) -> str:
        return "Articles by our leadership team."

    def link(self, obj: Person | None) -> str:
        return absolute(reverse("blog-index"))

    def feed_url(self, obj: Person | None) -> str:
        return absolute(reverse("blog-company-feed"))

    def feed_guid(self, obj: Person | None) -> str:
        return self.feed_url(obj)

    def items(self, obj: Person | None) -> QuerySet[Article]:
        return self._articles(obj).order_by("-published_at")[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.public_url()

    def item_guid(self, item: Article) -> str:
        return item.public_url()

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> dt.datetime:
        return max(item.updated_at, item.published_at or item.updated_at)

    def item_author_name(self, item: Article) -> str:
        return item.person.name

    def item_author_link(self, item: Article) -> str:
        return absolute(reverse("blog-person", args=[item.person.slug]))

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {"content": item.body_html}


class PersonFeed(CompanyFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Person:
        return public_person(kwargs["person_slug"])

    def title(self, obj: Person | None) -> str:
        assert obj is not None
        return f"{obj.name} · {super().title(None)}"

    def subtitle(self, obj: Person | None) -> str:
        assert obj is not None
        return f"Articles by {obj.name}, {obj.title}."

    def link(self, obj: Person | None) -> str:
        assert obj is not None
        return absolute(reverse("blog-person", args=[obj.slug]))

    def feed_url(self, obj: Person | None) -> str:
        assert obj is not None
        return absolute(reverse("blog-person-feed", args=[obj.slug]))

    def author_name(self, obj: Person | None) -> str:
        assert obj is not None
        return obj.name
