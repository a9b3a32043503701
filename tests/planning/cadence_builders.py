"""Builders for the cadence tests: sent posts and published articles at given moments."""

from __future__ import annotations

import datetime as dt

from podium.blog.models import Article
from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from podium.publishing.models import Post, Revision, Variant


def sent_post(
    person, when: dt.datetime, networks=("mastodon", "bluesky"), state=None, by=None
) -> Post:
    """A post by `person` sent to each network at `when` (one publication per network)."""
    author = by or person.user
    post = Post.objects.create(person=person, created_by=author, scheduled_for=when)
    revision = Revision.objects.create(post=post, number=1, text="Hello", created_by=author)
    for network in networks:
        account, _ = ChannelAccount.objects.get_or_create(
            person=person,
            network=network,
            defaults={"handle": f"{person.slug}-{network}", "status": "connected"},
        )
        variant = Variant.objects.create(revision=revision, network=network, text="Hello")
        Publication.objects.create(
            post=post,
            revision=revision,
            variant=variant,
            channel_account=account,
            state=state or Publication.State.SENT,
            due_at=when,
            sent_at=when if (state or Publication.State.SENT) == Publication.State.SENT else None,
        )
    return post


def article(person, when: dt.datetime | None, published: bool = True) -> Article:
    count = Article.objects.filter(person=person).count()
    return Article.objects.create(
        person=person,
        title=f"Article {count}",
        slug=f"article-{count}",
        body="Text",
        status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        published_at=when,
    )
