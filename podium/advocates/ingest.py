"""Reading engagement incrementally: each connected Mastodon and Bluesky account, and the
blog's comments.

What was read last is a `Cursor` per (channel account, source): the newest notification (its
id on Mastodon, its indexedAt on Bluesky), or for the blog the moderation time of the last
approved comment. A network's rate limit (`RateLimited(retry_after)`) sets the cursor's
`not_before`, and nothing is asked of that account before then; a refused token marks the
account for reconnecting (channels' action), as publishing does. The events found are stored
in the same transaction as the cursor moves, and reading again from an older position adds
nothing (each event's natural key), so a worker that dies midway loses nothing and counts
nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from podium.advocates.models import Cursor, Kind, Network, Source, blog_commenter_id
from podium.advocates.store import Actor, Incoming, Stored, store
from podium.blog.models import Comment
from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.base import AuthExpired, ChannelError, Event, RateLimited, RemotePost
from podium.channels.bluesky.connector import BlueskyConnector
from podium.channels.mastodon.connector import MastodonConnector
from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication

log = logging.getLogger(__name__)

# Posts whose likes, reblogs and replies are read again on each run: the recent ones, where
# engagement still arrives (older engagement comes through notifications).
RECENT_POSTS = dt.timedelta(days=14)
POSTS_PER_RUN = 40  # three calls each: 120 calls, inside Mastodon's 300 per five minutes
ERROR_CHARS = 500
# The networks Podium reads engagement from, and their connectors (each has notifications()).
READERS: dict[str, type[MastodonConnector] | type[BlueskyConnector]] = {
    Network.MASTODON: MastodonConnector,
    Network.BLUESKY: BlueskyConnector,
}


@dataclass(frozen=True)
class Outcome:
    """What one reading did, for logs and tests."""

    source: str
    stored: Stored | None = None
    waited: bool = False  # skipped: the network asked to wait
    error: str = ""


def _cursor(account: ChannelAccount | None, source: str) -> Cursor:
    cursor, _ = Cursor.objects.get_or_create(channel_account=account, source=source)
    return cursor


def _publications(account: ChannelAccount) -> dict[str, int]:
    """The account's sent statuses (every part of a thread) → their publication."""
    found: dict[str, int] = {}
    sent = Publication.objects.filter(
        channel_account=account, state=Publication.State.SENT
    ).exclude(remote_id="")
    for pk, remote_id, part_ids in sent.values_list("pk", "remote_id", "remote_part_ids"):
        found[remote_id] = pk
        for part in part_ids or []:
            found.setdefault(str(part), pk)
    return found


def _incoming(event: Event, account: ChannelAccount, publications: dict[str, int]) -> Incoming:
    actor = Actor(
        network=account.network,
        remote_id=event.actor_id,
        handle=event.actor_handle,
        display_name=event.actor_name,
        profile_url=event.actor_url,
        links=tuple((link.url, link.verified) for link in event.actor_links),
    )
    return Incoming(
        actor=actor,
        key=event.key,
        kind=event.kind,
        person_id=account.person_id,
        occurred_at=event.at,
        time_known=event.at_known,
        publication_id=publications.get(event.remote_post_id),
        remote_post_id=event.remote_post_id,
        text=event.text,
        url=event.url,
    )


def _failed(cursor: Cursor, account: ChannelAccount, error: ChannelError) -> Outcome:
    now = timezone.now()
    if isinstance(error, RateLimited):
        cursor.not_before = now + dt.timedelta(seconds=error.retry_after or 60)
        cursor.last_error = error.message[:ERROR_CHARS]
        cursor.save(update_fields=["not_before", "last_error"])
        return Outcome(cursor.source, waited=True, error=error.message)
    if isinstance(error, AuthExpired):
        with transaction.atomic():
            do_mark_needs_reconnect(account, error.message, via="worker")
    cursor.last_error = error.message[:ERROR_CHARS]
    cursor.save(update_fields=["last_error"])
    log.warning("Reading %s of %s failed: %s", cursor.source, account, error.message)
    return Outcome(cursor.source, error=error.message)


def _waiting(cursor: Cursor) -> bool:
    return cursor.not_before is not None and cursor.not_before > timezone.now()


def read_notifications(account: ChannelAccount) -> Outcome:
    """Everything the account was notified of since the last reading (as much as one run may)."""
    cursor = _cursor(account, Cursor.Source.NOTIFICATIONS)
    if _waiting(cursor):
        return Outcome(cursor.source, waited=True)
    try:
        batch = READERS[account.network](account).notifications(cursor.position)
    except ChannelError as error:
        return _failed(cursor, account, error)
    publications = _publications(account)
    with transaction.atomic():
        stored = store(
            (_incoming(event, account, publications) for event in batch.events),
            source=Source.CONNECTOR,
            what=f"Notifications of {account}",
        )
        Cursor.objects.filter(pk=cursor.pk).update(
            position=batch.position, read_at=timezone.now(), not_before=None, last_error=""
        )
    return Outcome(cursor.source, stored=stored)


def read_recent_posts(account: ChannelAccount) -> Outcome:
    """Likes, reblogs and replies of the account's posts of the last two weeks."""
    cursor = _cursor(account, Cursor.Source.POSTS)
    if _waiting(cursor):
        return Outcome(cursor.source, waited=True)
    publications = _publications(account)
    recent = (
        Publication.objects.filter(
            channel_account=account,
            state=Publication.State.SENT,
            sent_at__gte=timezone.now() - RECENT_POSTS,
        )
        .exclude(remote_id="")
        .order_by("-sent_at")[:POSTS_PER_RUN]
    )
    connector = READERS[account.network](account)
    events: list[Event] = []
    failed: Outcome | None = None
    try:
        for publication in recent:
            remote = RemotePost(
                remote_id=publication.remote_id,
                url=publication.remote_url,
                part_ids=tuple(str(p) for p in publication.remote_part_ids or ()),
            )
            events.extend(connector.engagement(remote, publication.sent_at or timezone.now()))
    except ChannelError as error:
        failed = _failed(cursor, account, error)  # what was read before it is kept below
    with transaction.atomic():
        stored = store(
            (_incoming(event, account, publications) for event in events),
            source=Source.CONNECTOR,
            what=f"Recent posts of {account}",
        )
        if failed is None:
            Cursor.objects.filter(pk=cursor.pk).update(read_at=timezone.now(), last_error="")
    if failed is not None:
        return Outcome(cursor.source, stored=stored, waited=failed.waited, error=failed.error)
    return Outcome(cursor.source, stored=stored)


def read_account(account: ChannelAccount) -> list[Outcome]:
    """Notifications first, so that the likes they date are stored with their real time."""
    if account.network not in READERS or not account.can_publish:
        return []
    outcomes = [read_notifications(account)]
    outcomes.append(read_recent_posts(account))
    return outcomes


def read_blog_comments() -> Outcome:
    """Approved comments since the last reading (by when they were approved)."""
    cursor = _cursor(None, Cursor.Source.BLOG)
    comments = Comment.objects.filter(
        status=Comment.Status.APPROVED, moderated_at__isnull=False
    ).select_related("article")
    if cursor.position:
        # >=, not >: two comments approved in the same instant; the second reading adds nothing.
        comments = comments.filter(moderated_at__gte=dt.datetime.fromisoformat(cursor.position))
    comments = comments.order_by("moderated_at", "pk")
    latest = cursor.position
    events: list[Incoming] = []
    for comment in comments.iterator():
        events.append(
            Incoming(
                actor=Actor(
                    network=Network.BLOG,
                    remote_id=blog_commenter_id(comment.email),
                    handle=comment.name,
                    display_name=comment.name,
                ),
                key=f"comment:{comment.pk}",
                kind=Kind.BLOG_COMMENT,
                person_id=comment.article.person_id,
                occurred_at=comment.created_at,
                article_id=comment.article_id,
                text=comment.text,
            )
        )
        assert comment.moderated_at is not None
        latest = comment.moderated_at.isoformat()
    with transaction.atomic():
        stored = store(events, source=Source.BLOG, what="Blog comments")
        Cursor.objects.filter(pk=cursor.pk).update(position=latest, read_at=timezone.now())
    return Outcome(cursor.source, stored=stored)


def read_everything() -> list[Outcome]:
    """One round: every connected Mastodon and Bluesky account, then the blog."""
    outcomes: list[Outcome] = []
    accounts = ChannelAccount.objects.filter(
        network__in=list(READERS), status=ChannelAccount.Status.CONNECTED
    ).select_related("person")
    for account in accounts:
        outcomes.extend(read_account(account))
    outcomes.append(read_blog_comments())
    return outcomes
