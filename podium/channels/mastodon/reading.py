"""Reading engagement from a Mastodon instance: notifications, likes, reblogs and replies.

Four calls, each through `client.call()` so a 429 is `RateLimited(retry_after)` and the
caller waits as told instead of sleeping in a worker:

- `notifications(after)`: favourites, reblogs, mentions (replies among them), quotes and
  follows of the executive's account, oldest first from a stored notification id (`min_id`),
  at most `PAGES` pages of 40 a call. Each says when it happened.
- `favourited_by`, `reblogged_by` (the first 40 accounts; the instance does not say when) and
  `context` (every reply below the post) for one published status, to catch what arrived
  before Podium was reading notifications.

Everything comes back as `base.Event`, keyed so that the same act read by two calls is one:
"like:<actor>:<status>", "repost:<actor>:<status>", "status:<the reply's or mention's URI>",
"follow:<actor>:<followed account>". Actors are named by their URI, which is the same on
every instance (a local id is not).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from podium.channels.base import Event, EventBatch, ProfileLink
from podium.channels.mastodon.client import call

if TYPE_CHECKING:
    from mastodon import Mastodon

PAGES = 5  # of 40 notifications a call: 200, well inside 300 calls per 5 minutes
PAGE_SIZE = 40
TEXT_CHARS = 500
KINDS = {"favourite": "like", "reblog": "repost", "mention": "mention", "quote": "quote"}
_HREF = re.compile(r"""href=["']([^"']+)["']""")


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def status_text(content_html: str) -> str:
    """A status's HTML back as plain text, whitespace collapsed (for comparing with ours)."""
    text = _TAG.sub("", _BREAK.sub(" ", content_html))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _plain(content_html: str) -> str:
    return status_text(content_html)[:TEXT_CHARS]


def _links(account: dict[str, Any]) -> tuple[ProfileLink, ...]:
    """The links of a profile's fields; a field the instance verified (rel=me) says so."""
    links: list[ProfileLink] = []
    for item in account.get("fields") or []:
        match = _HREF.search(str(item.get("value") or ""))
        value = match.group(1) if match else str(item.get("value") or "").strip()
        if value.startswith(("http://", "https://")):
            links.append(ProfileLink(url=value, verified=bool(item.get("verified_at"))))
    return tuple(links)


def _handle(account: dict[str, Any], instance_host: str) -> str:
    acct = str(account.get("acct") or account.get("username") or "")
    return f"@{acct}" if "@" in acct else f"@{acct}@{instance_host}"


def _actor_id(account: dict[str, Any]) -> str:
    return str(account.get("uri") or account.get("url") or account.get("id"))


def _event(
    kind: str,
    actor: dict[str, Any],
    instance_host: str,
    *,
    key: str,
    at: dt.datetime,
    at_known: bool = True,
    remote_post_id: str = "",
    status: dict[str, Any] | None = None,
) -> Event:
    return Event(
        kind=kind,
        actor_id=_actor_id(actor),
        actor_handle=_handle(actor, instance_host),
        at=at,
        remote_post_id=remote_post_id,
        key=key,
        at_known=at_known,
        actor_name=str(actor.get("display_name") or ""),
        actor_url=str(actor.get("url") or ""),
        actor_links=_links(actor),
        text=_plain(status["content"]) if status else "",
        url=str(status.get("url") or status.get("uri") or "") if status else "",
    )


def _status_event(
    status: dict[str, Any], instance_host: str, own_ids: frozenset[str] = frozenset()
) -> Event:
    """A status by someone else: a reply (to the executive's post), a quote or a mention."""
    parent = str(status.get("in_reply_to_id") or "")
    quoted = _quoted_id(status)
    if quoted:
        kind, about = "quote", quoted
    elif parent:
        kind, about = "reply", parent
    else:
        kind, about = "mention", ""
    if own_ids and about and about not in own_ids:
        about = ""  # a reply within the thread, to someone else: it is about the thread
    return _event(
        kind,
        status["account"],
        instance_host,
        key=f"status:{status.get('uri') or status['id']}",
        at=status["created_at"],
        remote_post_id=about,
        status=status,
    )


def _quoted_id(status: dict[str, Any]) -> str:
    quote = status.get("quote")
    if not isinstance(quote, dict):
        return ""
    quoted = quote.get("quoted_status") or quote
    return str(quoted.get("id") or "") if isinstance(quoted, dict) else ""


def _post_key(kind: str, actor: dict[str, Any], instance_host: str, status_id: str) -> str:
    """A like's or a reblog's key: the actor and the status as the executive's instance names it
    (notifications and favourited_by both know that id; the status's URI only the first)."""
    return f"{kind}:{_actor_id(actor)}:{instance_host}/{status_id}"


def from_notification(notification: dict[str, Any], instance_host: str) -> Event | None:
    """The event a notification reports, or None for kinds Advocates does not count."""
    kind = notification.get("type")
    actor = notification.get("account")
    status = notification.get("status")
    if actor is None:
        return None
    if kind == "follow":
        return _event(
            "follow",
            actor,
            instance_host,
            key=f"follow:{_actor_id(actor)}:{instance_host}",
            at=notification["created_at"],
        )
    if kind in ("favourite", "reblog") and status:
        name = KINDS[str(kind)]
        return _event(
            name,
            actor,
            instance_host,
            key=_post_key(name, actor, instance_host, str(status["id"])),
            at=notification["created_at"],
            remote_post_id=str(status["id"]),
        )
    if kind in ("mention", "quote") and status:
        return _status_event(status, instance_host)
    return None


def notifications(client: Mastodon, instance_host: str, after: str) -> EventBatch:
    """What the account was notified of after notification `after` ("" for the start)."""
    events: list[Event] = []
    position = after
    types = ["favourite", "reblog", "mention", "follow", "quote"]
    for _ in range(PAGES):
        page = call(
            client,
            partial(client.notifications, min_id=position or None, limit=PAGE_SIZE, types=types),
        )
        if not page:
            return EventBatch(tuple(events), position)
        # Mastodon answers newest first even with min_id: read them oldest first.
        for notification in sorted(page, key=lambda n: int(n["id"])):
            event = from_notification(notification, instance_host)
            if event is not None:
                events.append(event)
            position = str(notification["id"])
        if len(page) < PAGE_SIZE:
            return EventBatch(tuple(events), position)
    return EventBatch(tuple(events), position, more=True)


def post_engagement(
    client: Mastodon,
    instance_host: str,
    status_id: str,
    *,
    own_ids: frozenset[str],
    own_account_id: str,
    now: dt.datetime,
) -> list[Event]:
    """Likes, reblogs and replies of one of the executive's statuses, as the instance has them.

    `own_ids` are the executive's statuses (a thread's parts); `own_account_id` their account,
    whose own replies in the thread are not engagement.
    """
    events: list[Event] = []
    for kind, fetch in (
        ("like", client.status_favourited_by),
        ("repost", client.status_reblogged_by),
    ):
        for actor in call(client, partial(fetch, status_id)):
            events.append(
                _event(
                    kind,
                    actor,
                    instance_host,
                    key=_post_key(kind, actor, instance_host, status_id),
                    at=now,
                    at_known=False,
                    remote_post_id=status_id,
                )
            )
    context = call(client, partial(client.status_context, status_id))
    for status in context["descendants"]:
        if str(status["id"]) in own_ids or str(status["account"]["id"]) == own_account_id:
            continue
        events.append(_status_event(status, instance_host, own_ids))
    return events


def host_of(instance_url: str) -> str:
    return urlsplit(instance_url).hostname or instance_url
