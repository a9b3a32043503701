"""Atom feeds of the portal: the ideas of one status, and of one category."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from podium.blog.feeds import ContentAtomFeed, absolute
from podium.ideas.access import listed_ideas
from podium.ideas.models import Category, Idea, Status
from podium.org.models import Organisation

FEED_ITEMS = 30


def _org_name() -> str:
    org = Organisation.objects.order_by("pk").first()
    return org.name if org else "Podium"


class StatusFeed(Feed):
    feed_type = ContentAtomFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Status:
        if kwargs["status"] not in Status.values or kwargs["status"] == Status.DUPLICATE:
            raise Http404("No such status.")
        return Status(kwargs["status"])

    def title(self, obj: Status) -> str:
        return f"{_org_name()} ideas · {obj.label}"

    def link(self, obj: Status) -> str:
        return absolute(reverse("ideas-index") + f"?status={obj.value}")

    def feed_url(self, obj: Status) -> str:
        return absolute(reverse("ideas-status-feed", args=[obj.value]))

    def feed_guid(self, obj: Any) -> str:
        return self.feed_url(obj)

    def items(self, obj: Any) -> QuerySet[Idea]:
        ideas = listed_ideas(None).filter(status=obj)
        return ideas.order_by("-status_changed_at", "-created_at")[:FEED_ITEMS]

    def item_title(self, item: Idea) -> str:
        return item.title

    def item_description(self, item: Idea) -> str:
        return f"{item.get_status_display()} · {item.vote_count} votes"

    def item_link(self, item: Idea) -> str:
        return item.public_url()

    def item_guid(self, item: Idea) -> str:
        return item.public_url()

    def item_pubdate(self, item: Idea) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Idea) -> dt.datetime:
        return item.status_changed_at or item.created_at

    def item_author_name(self, item: Idea) -> str:
        return item.author.display_name if item.author else "A former member"

    def item_extra_kwargs(self, item: Idea) -> dict[str, Any]:
        return {"content": item.description_html}


class CategoryFeed(StatusFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Category:  # type: ignore[override]
        category = Category.objects.filter(slug=kwargs["slug"]).first()
        if category is None:
            raise Http404("No such category.")
        return category

    def title(self, obj: Any) -> str:
        return f"{_org_name()} ideas · {obj.name}"

    def link(self, obj: Any) -> str:
        return absolute(reverse("ideas-index") + f"?category={obj.slug}")

    def feed_url(self, obj: Any) -> str:
        return absolute(reverse("ideas-category-feed", args=[obj.slug]))

    def items(self, obj: Any) -> QuerySet[Idea]:
        return listed_ideas(None).filter(category=obj).order_by("-created_at")[:FEED_ITEMS]
