"""The Bluesky connector: posts with facets, images, a link card and threads, exactly once.

Exactly once without any state of our own: the record key of each part is derived from the
publication's idempotency key (tid.py), the last part's marked as last. Before creating a
part, Podium asks the PDS for that key; a part already there is kept and the thread goes on
from it. `find()` answers only for a whole post: a thread cut short is not "sent" (the outbox
would stop there), so it answers None and the next `publish()` adds the missing parts.
Re-sending a createRecord whose first attempt did land makes the PDS answer 500 (it refuses a
second record with the same key): getRecord then shows the post, and that is a success.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atproto_client import Client, models
from atproto_client.exceptions import BadRequestError
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from podium.channels import limits
from podium.channels.base import (
    Event,
    EventBatch,
    Expected,
    InvalidContent,
    Mention,
    OutcomeUnknown,
    Part,
    Problem,
    RemotePost,
    Revocation,
    Transient,
    Variant,
    attempt_revocation,
)
from podium.channels.bluesky import cards, facets, reading, tid
from podium.channels.bluesky.session import (
    BlueskySession,
    Tokens,
    delete_session,
    error_name,
)
from podium.channels.connector import NetworkConnector

if TYPE_CHECKING:
    from podium.channels.models import ChannelAccount

POST = "app.bsky.feed.post"
MAX_TEXT_BYTES = 3000  # the post lexicon's own limit, beside 300 graphemes
WEB_URL = "https://bsky.app"
REVOKE_ADVICE = (
    "Bluesky: also revoke Podium's app password in Bluesky's settings "
    "(Privacy and security → App passwords)."
)


@dataclass(frozen=True)
class Ref:
    """A post on the PDS: its at:// URI, its content hash, and its text."""

    uri: str
    cid: str
    text: str

    def strong(self) -> dict[str, str]:
        return {"uri": self.uri, "cid": self.cid}


class BlueskyConnector(NetworkConnector):
    network = "bluesky"

    def __init__(self, account: ChannelAccount | None = None) -> None:
        super().__init__(account)
        self._session: BlueskySession | None = None

    # --- checks (no account needed) ----------------------------------------------------

    def validate(self, variant: Variant) -> list[Problem]:
        problems = limits.validate_variant(self.network, variant)
        for index, part in enumerate(variant.parts):
            size = len(part.text.encode())
            if size > MAX_TEXT_BYTES:
                problems.append(
                    Problem(
                        f"Part {index + 1} is {size} bytes; Bluesky takes up to {MAX_TEXT_BYTES} "
                        "bytes of text (long scripts and emoji use several each): shorten it.",
                        index,
                    )
                )
        if variant.link and variant.parts and variant.parts[0].media:
            problems.append(
                Problem(
                    "Bluesky shows either images or a link card: the first post has images, so "
                    "the link appears only as typed in the text.",
                    0,
                    blocking=False,
                )
            )
        return problems

    # --- disconnecting ------------------------------------------------------------------

    revoke_note = (
        "Podium ends its Bluesky session; the app password stays valid until the owner "
        "revokes it in Bluesky's settings (Privacy and security → App passwords)."
    )

    def revoke(self) -> Revocation:
        """End Podium's session at the PDS; the app password is the owner's to revoke."""
        account = self._connected()
        return attempt_revocation(
            lambda: delete_session(tokens_of(account)),
            who="Bluesky",
            did="ended Podium's session",
            advice=REVOKE_ADVICE,
            advice_after=REVOKE_ADVICE,
        )

    # --- publishing --------------------------------------------------------------------

    def publish(self, variant: Variant, key: str) -> RemotePost:
        """Post every part not yet on the PDS; parts already there are kept, not repeated."""
        if not variant.parts:
            raise InvalidContent("There is nothing to post.")
        refs: list[Ref] = []
        last = len(variant.parts) - 1
        for index, part in enumerate(variant.parts):
            rkey = tid.for_part(key, index, last=index == last)
            ref = self._get(rkey)
            if ref is None:
                record = self._record(variant, part, index, refs)
                ref = self._create(rkey, record)
            refs.append(ref)
        return self._remote(refs)

    def find(self, expected: Expected) -> RemotePost | None:
        """The whole post published with `expected.key`, or None if any part of it is missing.

        The record keys come from the idempotency key, so Bluesky is asked for them directly.
        """
        refs, complete = self.find_parts(expected.key)
        return self._remote(refs) if complete else None

    def find_parts(self, key: str) -> tuple[list[Ref], bool]:
        """The parts of `key` already on the PDS, in order, and whether the last one is there."""
        refs: list[Ref] = []
        for index in range(tid.MAX_PARTS):
            last = self._get(tid.for_part(key, index, last=True))
            if last is not None:
                return [*refs, last], True
            ref = self._get(tid.for_part(key, index))
            if ref is None:
                break
            refs.append(ref)
        return refs, False

    def engagement(self, remote: RemotePost, since: dt.datetime) -> Iterator[Event]:
        """Likes, reposts and replies of one published post (reading.py; the PDS asks its
        AppView)."""
        own = frozenset({*(remote.part_ids or (remote.remote_id,)), self.did})
        now = timezone.now()
        yield from self.session.call(
            lambda client: reading.post_engagement(client, remote.remote_id, own, now)
        )

    def notifications(self, after: str) -> EventBatch:
        """Likes, reposts, replies, quotes, mentions and follows since `after` (an indexedAt)."""
        return self.session.call(lambda client: reading.notifications(client, self.did, after))

    def mentions(self, query: str, since: dt.datetime) -> Iterator[Mention]:
        raise NotImplementedError("Bluesky mentions need an AppView (Listening's work).")

    # --- inside ------------------------------------------------------------------------

    def _connected(self) -> ChannelAccount:
        if self.account is None:
            raise ValueError("Publishing to Bluesky needs a connected account.")
        return self.account

    @property
    def session(self) -> BlueskySession:
        if self._session is None:
            self._session = BlueskySession(tokens_of(self._connected()), self._save_tokens)
        return self._session

    @property
    def did(self) -> str:
        return self.session.tokens.did

    def renew_session(self) -> None:
        """Trade the refresh JWT for a fresh pair now (and keep it), used or not."""
        if not self.session.refreshed:
            self.session.refresh()

    def _save_tokens(self, tokens: Tokens) -> None:
        """Keep a refreshed pair at once: the old refresh JWT no longer works."""
        account = self.account
        assert account is not None
        account.access_token = tokens.access_jwt
        account.refresh_token = tokens.refresh_jwt
        account.token_expires_at = tokens.expires_at
        if tokens.handle:
            account.handle = tokens.handle
        if account.pk:
            account.save(
                update_fields=["access_token", "refresh_token", "token_expires_at", "handle"]
            )

    def _get(self, rkey: str) -> Ref | None:
        params = models.ComAtprotoRepoGetRecord.Params(repo=self.did, collection=POST, rkey=rkey)

        def get(client: Any) -> Ref | None:
            try:
                answer = client.com.atproto.repo.get_record(params)
            except BadRequestError as error:
                if error_name(error) == "RecordNotFound":
                    return None
                raise
            return Ref(answer.uri, str(answer.cid), getattr(answer.value, "text", ""))

        return self.session.call(get)

    def _create(self, rkey: str, record: dict[str, Any]) -> Ref:
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=self.did, collection=POST, rkey=rkey, record=record
        )
        try:
            self.session.call(
                lambda client: client.com.atproto.repo.create_record(data), sending=True
            )
        except Transient:
            # A 500 is what the PDS answers when a record with this key exists already.
            ref = self._get(rkey)
            if ref is None:
                raise
            if ref.text != record["text"]:
                raise InvalidContent(
                    f"Another post already has Podium's record key {rkey}: nothing was sent."
                ) from None
            return ref
        ref = self._get(rkey)
        if ref is None:
            raise OutcomeUnknown(f"Bluesky accepted the post {rkey} but does not show it yet.")
        return ref

    def _record(self, variant: Variant, part: Part, index: int, refs: list[Ref]) -> dict[str, Any]:
        record: dict[str, Any] = {
            "$type": POST,
            "text": part.text,
            "createdAt": dt.datetime.now(dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        found = facets.detect(part.text, self._resolve)
        if found:
            record["facets"] = facets.as_records(found)
        if part.media:
            record["embed"] = self._images(part)
        elif index == 0 and variant.link:
            record["embed"] = cards.read_card(variant.link).as_embed()
        if refs:
            record["reply"] = {"root": refs[0].strong(), "parent": refs[-1].strong()}
        return record

    def _resolve(self, handle: str) -> str | None:
        params = models.ComAtprotoIdentityResolveHandle.Params(handle=handle)

        def resolve(client: Any) -> str | None:
            try:
                return str(client.com.atproto.identity.resolve_handle(params).did)
            except BadRequestError as error:
                if error_name(error) in ("ExpiredToken", "InvalidToken"):
                    raise
                return None  # not an account: the mention stays plain text

        return self.session.call(resolve)

    def _images(self, part: Part) -> dict[str, Any]:
        if len(part.media) > self.limits.max_images:
            raise InvalidContent(f"Bluesky takes at most {self.limits.max_images} images a post.")
        images = []
        for media in part.media:
            try:
                data = Path(media.path).read_bytes()
            except OSError as error:
                raise InvalidContent(f"An image could not be read ({error.strerror}).") from None
            if len(data) > self.limits.max_image_bytes:
                raise InvalidContent(
                    f"An image is {len(data):,} bytes; Bluesky takes up to "
                    f"{self.limits.max_image_bytes:,}."
                )
            blob = self.session.call(partial(_upload_blob, data=data))
            image: dict[str, Any] = {
                "alt": media.alt_text,
                "image": blob.model_dump(by_alias=True, exclude_none=True),
            }
            ratio = aspect_ratio(media.path)
            if ratio:
                image["aspectRatio"] = {"width": ratio[0], "height": ratio[1]}
            images.append(image)
        return {"$type": "app.bsky.embed.images", "images": images}

    def _remote(self, refs: list[Ref]) -> RemotePost:
        root = refs[0]
        return RemotePost(
            remote_id=root.uri, url=post_url(root.uri), part_ids=tuple(r.uri for r in refs)
        )


def _upload_blob(client: Client, *, data: bytes) -> models.BlobRef:
    return client.upload_blob(data).blob


def aspect_ratio(path: str) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def post_url(uri: str) -> str:
    """The post's page: at://did/app.bsky.feed.post/rkey -> bsky.app/profile/did/post/rkey."""
    did, _, rkey = uri.removeprefix("at://").split("/", 2)
    return f"{WEB_URL}/profile/{did}/post/{rkey}"


def tokens_of(account: ChannelAccount) -> Tokens:
    return Tokens(
        did=account.remote_account_id,
        handle=account.handle,
        pds_url=account.instance_url,
        access_jwt=account.access_token,
        refresh_jwt=account.refresh_token,
    )
