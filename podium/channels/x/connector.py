"""X: posts and threads through API v2, with images and their alt text.

- publish: each image goes up through the v2 media upload (`POST /2/media/upload`; a GIF,
  up to 15 MB, through the chunked initialize/append/finalize upload, waiting while X
  processes it), its alt text through `POST /2/media/metadata`; then `POST /2/tweets`, each
  later part of a thread replying to the one before (`reply.in_reply_to_tweet_id`).
- X takes no idempotency key. `find(key)` reads the account's posts since the publication
  was due (`GET /2/users/:id/tweets`) and recognises ours by text (matching.py), following
  the replies for a thread. It answers only for a whole thread; a thread cut short is
  finished by publishing again: X refuses the parts already there as duplicate content
  ("You are not allowed to create a Tweet with duplicate content"), and publish() then
  looks each one up and carries on from it.
- The variant's link goes at the end of the first part, unless it is there (X makes the
  card); validate() counts it (23, as every link).
- A 401 refreshes the token once and tries again; only then is it AuthExpired.
- engagement (likes, reposts, replies, quotes) and mentions: reading.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from time import sleep
from typing import Any

from podium.channels import matching
from podium.channels.base import (
    AuthExpired,
    Event,
    Expected,
    InvalidContent,
    Media,
    Mention,
    Part,
    Problem,
    RemotePost,
    Revocation,
    Transient,
    Variant,
    attempt_revocation,
)
from podium.channels.connector import NetworkConnector
from podium.channels.limits import validate_variant
from podium.channels.models import ChannelAccount
from podium.channels.x import oauth, reading
from podium.channels.x.client import UPLOAD_TIMEOUT, DuplicatePost, Unauthorised, XClient

POST_URL = "https://x.com/{username}/status/{id}"
REVOKE_BY_HAND = (
    "To be sure, remove Podium on X under Settings and privacy → Security and account "
    "access → Apps and sessions → Connected apps."
)
# Types X takes only through the chunked upload, with their media category.
CHUNKED_TYPES = {"image/gif": "tweet_gif"}
CHUNK_BYTES = 4 * 1024 * 1024  # X takes up to 5 MB per appended chunk
PROCESSING_WAIT = 60.0  # seconds to wait for X to process a GIF before trying later
PROCESSING_PAUSE_MAX = 10.0
RECENT_POSTS = 100  # the most one page of the timeline holds
TWEET_FIELDS = "created_at,conversation_id,referenced_tweets"


class XConnector(NetworkConnector):
    network = "x"

    def validate(self, variant: Variant) -> list[Problem]:
        return validate_variant("x", with_link(variant))

    def _account(self) -> ChannelAccount:
        if self.account is None or not self.account.remote_account_id:
            raise AuthExpired("No X account is connected: connect X first")
        return self.account

    def url(self, post_id: str) -> str:
        return POST_URL.format(username=self._account().handle.lstrip("@"), id=post_id)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One API call; on a 401 the token is refreshed once and the call repeated."""
        account = self._account()
        try:
            return XClient(oauth.fresh_token(account)).call(method, path, **kwargs)
        except Unauthorised:
            if not account.refresh_token:
                raise
            return XClient(oauth.fresh_token(account, force=True)).call(method, path, **kwargs)

    # --- publishing ------------------------------------------------------------------------

    def publish(self, variant: Variant, key: str) -> RemotePost:
        blocking = [p.message for p in self.validate(variant) if p.blocking]
        if blocking:
            raise InvalidContent(" ".join(blocking))
        variant = with_link(variant)
        ids: list[str] = []
        try:
            self._publish_parts(variant, ids)
        except InvalidContent as refused:
            if not ids:
                raise
            # Part of the thread is out: say where, so nobody posts those parts again by hand.
            raise InvalidContent(
                f"Parts 1 to {len(ids)} of the thread are on X ({self.url(ids[0])}); "
                f"part {len(ids) + 1} was refused: {refused.message}"
            ) from None
        return RemotePost(remote_id=ids[0], url=self.url(ids[0]), part_ids=tuple(ids))

    def _publish_parts(self, variant: Variant, ids: list[str]) -> None:
        """Post each part in turn, appending its id to `ids` as soon as X confirms it."""
        for number, part in enumerate(variant.parts, start=1):
            body: dict[str, Any] = {"text": part.text}
            media_ids = [self._upload(item) for item in part.media]
            if media_ids:
                body["media"] = {"media_ids": media_ids}
            if ids:
                body["reply"] = {"in_reply_to_tweet_id": ids[-1]}
            what = f"publishing part {number} of the thread" if variant.is_thread else "publishing"
            try:
                response = self._call("POST", "/2/tweets", what=what, json=body)
                ids.append(str(response.json()["data"]["id"]))
            except DuplicatePost as duplicate:
                # X says this very text is already there: look for it, whatever its age.
                expected = Expected(key="", texts=(part.text,))
                found = self._find_part(expected, 0, ids[-1] if ids else None)
                if found is None:
                    raise InvalidContent(
                        f"{duplicate.message}, but Podium cannot find it among the account's "
                        "recent posts: change the text a little, or mark the post as sent"
                    ) from None
                ids.append(found)

    def _upload(self, media: Media) -> str:
        content = Path(media.path).read_bytes()
        if media.mime_type in CHUNKED_TYPES:
            media_id = self._upload_chunked(media, content)
        else:
            response = self._call(
                "POST",
                "/2/media/upload",
                what="uploading an image",
                data={"media_category": "tweet_image", "media_type": media.mime_type},
                files={"media": (Path(media.path).name, content, media.mime_type)},
                timeout=UPLOAD_TIMEOUT,
            )
            media_id = str(response.json()["data"]["id"])
        if media.alt_text.strip():
            self._call(
                "POST",
                "/2/media/metadata",
                what="adding an image's alt text",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text}}},
            )
        return media_id

    def _upload_chunked(self, media: Media, content: bytes) -> str:
        """A GIF goes up in pieces: initialize, append each chunk, finalize, wait for X.

        X's simple upload takes still images only; a GIF (up to 15 MB) needs the chunked
        upload with the tweet_gif category, and X processes it before a post may use it.
        Nothing is posted until then, so a failure here is safe to retry from the start.
        """
        what = "uploading a GIF"
        started = self._call(
            "POST",
            "/2/media/upload/initialize",
            what=what,
            json={
                "media_type": media.mime_type,
                "total_bytes": len(content),
                "media_category": CHUNKED_TYPES[media.mime_type],
            },
        )
        media_id = str(started.json()["data"]["id"])
        name = Path(media.path).name
        for index, offset in enumerate(range(0, len(content), CHUNK_BYTES)):
            self._call(
                "POST",
                f"/2/media/upload/{media_id}/append",
                what=f"{what} (part {index + 1})",
                data={"segment_index": str(index)},
                files={"media": (name, content[offset : offset + CHUNK_BYTES], media.mime_type)},
                timeout=UPLOAD_TIMEOUT,
            )
        finished = self._call("POST", f"/2/media/upload/{media_id}/finalize", what=what)
        self._wait_for_processing(media_id, finished.json().get("data", {}))
        return media_id

    def _wait_for_processing(self, media_id: str, data: dict[str, Any]) -> None:
        """Poll X's STATUS until the media is ready, for up to PROCESSING_WAIT seconds."""
        waited = 0.0
        while True:
            info = data.get("processing_info") or {}
            state = info.get("state", "succeeded")
            if state == "succeeded":
                return
            if state == "failed":
                error = info.get("error") or {}
                detail = error.get("message") or error.get("name") or "no reason given"
                raise InvalidContent(f"X could not process the GIF: {detail}")
            pause = min(max(float(info.get("check_after_secs") or 1), 1.0), PROCESSING_PAUSE_MAX)
            if waited + pause > PROCESSING_WAIT:
                raise Transient(
                    f"X was still processing the GIF after {int(waited)} seconds: "
                    "Podium will try again",
                    retry_after=60,
                )
            sleep(pause)
            waited += pause
            response = self._call(
                "GET",
                "/2/media/upload",
                what="checking an uploaded GIF",
                params={"command": "STATUS", "media_id": media_id},
            )
            data = response.json().get("data", {})

    # --- confirming ------------------------------------------------------------------------

    def _recent(self, since: dt.datetime | None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"max_results": RECENT_POSTS, "tweet.fields": TWEET_FIELDS}
        if since is not None:
            params["start_time"] = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = self._call(
            "GET",
            f"/2/users/{self._account().remote_account_id}/tweets",
            what="reading recent posts",
            params=params,
        )
        return list(response.json().get("data", []))

    def _find_part(
        self,
        expected: Expected,
        index: int,
        reply_to: str | None,
        *,
        recent: list[dict[str, Any]] | None = None,
    ) -> str | None:
        for tweet in recent if recent is not None else self._recent(expected.not_before):
            if not matching.is_part(expected, index, str(tweet.get("text", ""))):
                continue
            replied_to = [
                str(ref["id"])
                for ref in tweet.get("referenced_tweets", [])
                if ref.get("type") == "replied_to"
            ]
            if reply_to is None or reply_to in replied_to:
                return str(tweet["id"])
        return None

    def find(self, expected: Expected) -> RemotePost | None:
        recent = [
            tweet
            for tweet in self._recent(expected.not_before)
            if matching.recent_enough(expected, _created(tweet))
        ]
        ids: list[str] = []
        for index in range(len(expected.texts)):
            found = self._find_part(expected, index, ids[-1] if ids else None, recent=recent)
            if found is None:
                return None  # not there, or a thread cut short: publish() finishes it
            ids.append(found)
        return RemotePost(remote_id=ids[0], url=self.url(ids[0]), part_ids=tuple(ids))

    # --- reading (podium/channels/x/reading.py) ---------------------------------------------

    def engagement(self, remote: RemotePost, since: dt.datetime) -> Iterator[Event]:
        return reading.engagement(self._call, remote, since)

    def mentions(self, query: str, since: dt.datetime) -> Iterator[Mention]:
        return reading.mentions(self._call, self._account().remote_account_id, query, since)

    # --- disconnecting ---------------------------------------------------------------------

    revoke_note = "Podium also asks X to revoke its access to the account."

    def revoke(self) -> Revocation:
        return attempt_revocation(
            lambda: oauth.revoke(self._account()),
            who="X",
            did="revoked Podium's access to the account",
            advice=REVOKE_BY_HAND,
        )


def with_link(variant: Variant) -> Variant:
    if not variant.parts or not variant.link:
        return variant
    first = variant.parts[0]
    # The link goes at the end of the first part: X makes its card from it.
    linked = Part(text=matching.with_link(first.text, variant.link), media=first.media)
    return replace(variant, parts=(linked, *variant.parts[1:]))


def _created(tweet: dict[str, Any]) -> dt.datetime | None:
    raw = tweet.get("created_at")
    return dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00")) if raw else None
