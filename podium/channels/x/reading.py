"""Reading from X: engagement with Podium's posts, and mentions, through API v2.

- replies and quotes carry their time (`created_at`); `since` filters them at X's end
  (`start_time`) for replies and mentions;
- likes and reposts carry no time on X (`liking_users`, `retweeted_by` list people only): their
  `at` is when Podium saw them, so whoever stores them keeps one per (kind, person, post).

Each list is followed through `meta.next_token` for at most MAX_PAGES pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from podium.channels.base import Event, Mention, RemotePost

MAX_PAGES = 10
PAGE_SIZE = 100
USER_FIELDS = "username"
TWEET_FIELDS = "created_at,author_id,conversation_id"
Call = Callable[..., Any]  # XConnector._call: (method, path, *, what, params) -> Response


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(raw: object) -> dt.datetime:
    return dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))


def _pages(call: Call, path: str, params: dict[str, Any], what: str) -> Iterator[dict[str, Any]]:
    token = None
    for _ in range(MAX_PAGES):
        page_params = dict(params, pagination_token=token) if token else params
        body = call("GET", path, what=what, params=page_params).json()
        yield body
        token = body.get("meta", {}).get("next_token")
        if not token:
            return


def _usernames(body: dict[str, Any]) -> dict[str, str]:
    return {str(u["id"]): str(u["username"]) for u in body.get("includes", {}).get("users", [])}


def engagement(call: Call, remote: RemotePost, since: dt.datetime) -> Iterator[Event]:
    seen = timezone.now()
    for post_id in remote.part_ids or (remote.remote_id,):
        for kind, path in (("like", "liking_users"), ("repost", "retweeted_by")):
            for body in _pages(
                call,
                f"/2/tweets/{post_id}/{path}",
                {"max_results": PAGE_SIZE, "user.fields": USER_FIELDS},
                what=f"reading who {'liked' if kind == 'like' else 'reposted'} a post",
            ):
                for user in body.get("data", []):
                    yield Event(kind, str(user["id"]), str(user["username"]), seen, post_id)
        yield from _conversation(call, post_id, since)
        yield from _quotes(call, post_id, since)


def _conversation(call: Call, post_id: str, since: dt.datetime) -> Iterator[Event]:
    params = {
        "query": f"conversation_id:{post_id}",
        "start_time": _iso(since),
        "max_results": PAGE_SIZE,
        "tweet.fields": TWEET_FIELDS,
        "expansions": "author_id",
        "user.fields": USER_FIELDS,
    }
    for body in _pages(call, "/2/tweets/search/recent", params, what="reading replies"):
        names = _usernames(body)
        for tweet in body.get("data", []):
            author = str(tweet.get("author_id", ""))
            yield Event(
                "reply",
                author,
                names.get(author, author),
                _time(tweet["created_at"]),
                post_id,
                {"reply_id": str(tweet["id"]), "text": str(tweet.get("text", ""))},
            )


def _quotes(call: Call, post_id: str, since: dt.datetime) -> Iterator[Event]:
    params = {
        "max_results": PAGE_SIZE,
        "tweet.fields": TWEET_FIELDS,
        "expansions": "author_id",
        "user.fields": USER_FIELDS,
    }
    for body in _pages(call, f"/2/tweets/{post_id}/quote_tweets", params, what="reading quotes"):
        names = _usernames(body)
        for tweet in body.get("data", []):
            at = _time(tweet["created_at"])
            if at < since:
                continue
            author = str(tweet.get("author_id", ""))
            yield Event(
                "quote",
                author,
                names.get(author, author),
                at,
                post_id,
                {"quote_id": str(tweet["id"]), "text": str(tweet.get("text", ""))},
            )


def mentions(call: Call, user_id: str, query: str, since: dt.datetime) -> Iterator[Mention]:
    """The account's mentions (empty `query`), or recent posts matching `query`."""
    params: dict[str, Any] = {
        "start_time": _iso(since),
        "max_results": PAGE_SIZE,
        "tweet.fields": TWEET_FIELDS,
        "expansions": "author_id",
        "user.fields": USER_FIELDS,
    }
    if query:
        path, what = "/2/tweets/search/recent", "searching recent posts"
        params["query"] = query
    else:
        path, what = f"/2/users/{user_id}/mentions", "reading mentions"
    for body in _pages(call, path, params, what=what):
        names = _usernames(body)
        for tweet in body.get("data", []):
            handle = names.get(str(tweet.get("author_id", "")), str(tweet.get("author_id", "")))
            yield Mention(
                remote_id=str(tweet["id"]),
                author_handle=f"@{handle}",
                text=str(tweet.get("text", "")),
                at=_time(tweet["created_at"]),
                url=f"https://x.com/{handle}/status/{tweet['id']}",
            )
