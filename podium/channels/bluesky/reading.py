"""Reading engagement from Bluesky through the account's PDS (which asks its AppView).

- `notifications(client, after)`: likes, reposts, replies, quotes, mentions and follows,
  newest first as Bluesky lists them, read back to the newest one read last time (`after`,
  its `indexedAt`), at most `PAGES` pages of 100 a call;
- `post_engagement(client, uri, own)`: who liked (`getLikes`, with when) and reposted
  (`getRepostedBy`) a post, and the replies below it (`getPostThread`).

Keys are the same whichever call found an act: "like:<actor DID>:<post URI>",
"repost:<actor DID>:<post URI>", "status:<the reply's or quote's URI>", "follow:<DID>:<DID>".
A handle on one's own domain is a link Bluesky verified (it checks the domain's DNS or
well-known file), so it comes back as a verified profile link to that domain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from atproto import Client, models

from podium.channels.base import Event, EventBatch, ProfileLink

PAGES = 10
PAGE_SIZE = 100
TEXT_CHARS = 500
THREAD_DEPTH = 6
KINDS = {
    "like": "like",
    "repost": "repost",
    "reply": "reply",
    "quote": "quote",
    "mention": "mention",
    "follow": "follow",
}
# Handles under these are Bluesky's own, not a domain the person showed they hold.
HOSTED = (".bsky.social", ".test", ".invalid")
WEB_URL = "https://bsky.app"


def _when(value: str | None) -> dt.datetime:
    when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _links(handle: str) -> tuple[ProfileLink, ...]:
    if not handle or handle.endswith(HOSTED):
        return ()
    return (ProfileLink(url=f"https://{handle}", verified=True),)


def _event(
    kind: str,
    author: Any,
    *,
    key: str,
    at: dt.datetime,
    about: str = "",
    text: str = "",
    url: str = "",
    at_known: bool = True,
) -> Event:
    handle = str(author.handle)
    return Event(
        kind=kind,
        actor_id=str(author.did),
        actor_handle=handle,
        at=at,
        remote_post_id=about,
        key=key,
        at_known=at_known,
        actor_name=str(getattr(author, "display_name", "") or ""),
        actor_url=f"{WEB_URL}/profile/{handle}",
        actor_links=_links(handle),
        text=text[:TEXT_CHARS],
        url=url,
    )


def _post_url(uri: str) -> str:
    did, _, rkey = uri.removeprefix("at://").split("/", 2)
    return f"{WEB_URL}/profile/{did}/post/{rkey.rsplit('/', 1)[-1]}"


def _about(record: Any, kind: str) -> str:
    """The post a reply answers or a quote embeds."""
    if kind == "reply":
        reply = getattr(record, "reply", None)
        return str(reply.parent.uri) if reply is not None else ""
    if kind == "quote":
        embed = getattr(record, "embed", None)
        inner = getattr(embed, "record", None)
        inner = getattr(inner, "record", inner)  # a quote with media nests it once more
        return str(getattr(inner, "uri", "") or "")
    return ""


def from_notification(item: Any, own_did: str) -> Event | None:
    kind = KINDS.get(str(item.reason))
    if kind is None:
        return None
    at = _when(item.indexed_at)
    author = item.author
    if kind in ("like", "repost"):
        subject = str(item.reason_subject or "")
        return _event(kind, author, key=f"{kind}:{author.did}:{subject}", at=at, about=subject)
    if kind == "follow":
        return _event(kind, author, key=f"follow:{author.did}:{own_did}", at=at)
    record = item.record
    return _event(
        kind,
        author,
        key=f"status:{item.uri}",
        at=_when(getattr(record, "created_at", None) or item.indexed_at),
        about=_about(record, kind),
        text=str(getattr(record, "text", "") or ""),
        url=_post_url(str(item.uri)),
    )


def notifications(client: Client, own_did: str, after: str) -> EventBatch:
    """What the account was notified of since the notification indexed at `after`."""
    events: list[Event] = []
    newest = after
    cursor: str | None = None
    for _ in range(PAGES):
        params = models.AppBskyNotificationListNotifications.Params(limit=PAGE_SIZE, cursor=cursor)
        page = client.app.bsky.notification.list_notifications(params=params)
        for item in page.notifications:
            indexed = str(item.indexed_at)
            if after and _when(indexed) <= _when(after):
                return EventBatch(tuple(events), newest)
            if not newest or _when(indexed) > _when(newest):
                newest = indexed
            event = from_notification(item, own_did)
            if event is not None:
                events.append(event)
        cursor = page.cursor
        if not cursor or not page.notifications:
            return EventBatch(tuple(events), newest)
    return EventBatch(tuple(events), newest, more=True)


def post_engagement(client: Client, uri: str, own: frozenset[str], now: dt.datetime) -> list[Event]:
    """Likes (with when), reposts and replies of one of the executive's posts."""
    events: list[Event] = []
    likes = client.app.bsky.feed.get_likes(params={"uri": uri, "limit": PAGE_SIZE})
    for like in likes.likes:
        at = _when(like.created_at or like.indexed_at)
        key = f"like:{like.actor.did}:{uri}"
        events.append(_event("like", like.actor, key=key, at=at, about=uri))
    reposts = client.app.bsky.feed.get_reposted_by(params={"uri": uri, "limit": PAGE_SIZE})
    for profile in reposts.reposted_by:  # Bluesky does not say when: the time it was read
        key = f"repost:{profile.did}:{uri}"
        events.append(_event("repost", profile, key=key, at=now, about=uri, at_known=False))
    thread = client.app.bsky.feed.get_post_thread(params={"uri": uri, "depth": THREAD_DEPTH})
    stack = list(getattr(thread.thread, "replies", None) or [])
    while stack:
        node = stack.pop()
        post = getattr(node, "post", None)
        if post is None:
            continue  # a reply not found or blocked
        stack.extend(getattr(node, "replies", None) or [])
        if str(post.uri) in own or str(post.author.did) in own:
            continue
        record = post.record
        events.append(
            _event(
                "reply",
                post.author,
                key=f"status:{post.uri}",
                at=_when(getattr(record, "created_at", None) or post.indexed_at),
                about=_about(record, "reply"),
                text=str(getattr(record, "text", "") or ""),
                url=_post_url(str(post.uri)),
            )
        )
    return events
