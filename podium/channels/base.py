"""The contract every network's connector implements, and the errors it may raise.

A connector turns Podium's neutral `Variant` into one network's API calls. Everything a
network does differently (auth refresh, rate-limit headers, error bodies, length rules) stays
inside its module under podium/channels/<network>/; the outbox only sees the types below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from podium.channels.models import ChannelAccount


@dataclass(frozen=True)
class Media:
    """An image to attach: its bytes are read from `path` when the post is sent."""

    path: str
    mime_type: str
    size: int
    alt_text: str = ""


@dataclass(frozen=True)
class Part:
    """One post of a (possibly one-post) thread."""

    text: str
    media: tuple[Media, ...] = ()


@dataclass(frozen=True)
class Variant:
    """What is published to one network: a thread of one or more parts."""

    parts: tuple[Part, ...]
    link: str = ""  # shown as a link card where the network supports one
    content_warning: str = ""  # Mastodon's spoiler text
    visibility: str = "public"

    @property
    def is_thread(self) -> bool:
        return len(self.parts) > 1


@dataclass(frozen=True)
class Problem:
    """Something wrong with a variant, said so a person can fix it."""

    message: str
    part: int | None = None  # which part of the thread, from 0; None for the whole post
    blocking: bool = True  # False for a warning (e.g. an image without alt text)


@dataclass(frozen=True)
class Limits:
    max_chars: int
    max_images: int
    max_image_bytes: int  # for any image type not listed in `max_image_bytes_by_type`
    threads: bool
    alt_text_max: int = 1500
    # Types with a limit of their own, e.g. X takes GIFs up to 15 MB but other images to 5 MB.
    max_image_bytes_by_type: tuple[tuple[str, int], ...] = ()

    def max_bytes_for(self, mime_type: str) -> int:
        """The largest image of this type the network takes."""
        return dict(self.max_image_bytes_by_type).get(mime_type, self.max_image_bytes)

    @property
    def largest_image_bytes(self) -> int:
        """The largest image of any type (nothing larger is worth downloading)."""
        return max([self.max_image_bytes, *(size for _, size in self.max_image_bytes_by_type)])


@dataclass(frozen=True)
class RemotePost:
    """A post as the network holds it. For a thread, `part_ids` lists every part in order."""

    remote_id: str
    url: str
    part_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expected:
    """What one publication should have put on the network: what `find()` looks for.

    The caller (the outbox) says it; a connector never reads Podium's tables to learn it.
    """

    key: str  # the idempotency key the post was sent with (Bluesky's record keys come from it)
    texts: tuple[str, ...]  # one per part of the thread, as stored (before a link is added)
    not_before: dt.datetime | None = None  # the earliest it could have been created
    link: str = ""  # the variant's link, which publish() may have added to the first part


@dataclass(frozen=True)
class ProfileLink:
    """A link on a profile; `verified` when the network checked it links back (rel=me)."""

    url: str
    verified: bool = False


@dataclass(frozen=True)
class Event:
    """One engagement with a post (a like, a repost, a reply) or an account (a follow), for the
    Advocates module. Plain data: the connector knows no Podium table.

    `key` is what makes the act itself within the network (a reply's id; the actor and the post
    for a like), so reading it twice is recognised. `at_known` is False when the network does
    not say when it happened (then `at` is when it was read).
    """

    kind: str  # like, repost, reply, quote, mention, follow
    actor_id: str
    actor_handle: str
    at: dt.datetime
    remote_post_id: str  # the executive's post it concerns; "" for a follow or a mention
    extra: dict[str, str] = field(default_factory=dict)
    key: str = ""
    at_known: bool = True
    actor_name: str = ""
    actor_url: str = ""
    actor_links: tuple[ProfileLink, ...] = ()
    text: str = ""  # a reply's, quote's or mention's text
    url: str = ""  # where the act itself can be seen (a reply's address)


@dataclass(frozen=True)
class EventBatch:
    """Events read after a stored position, and the position to read after next time."""

    events: tuple[Event, ...]
    position: str
    more: bool = False  # stopped at the page budget: there is more to read


@dataclass(frozen=True)
class Mention:
    remote_id: str
    author_handle: str
    text: str
    at: dt.datetime
    url: str


@dataclass(frozen=True)
class Revocation:
    """What disconnecting did at the network. Best effort: it never stops a disconnect.

    `message` says what happened, for the person who disconnected; `advice` what the owner
    should still do at the network themselves (empty when nothing is left to do).
    """

    REVOKED: ClassVar[str] = "revoked"  # the network took Podium's access back
    FAILED: ClassVar[str] = "failed"  # Podium asked and the network did not confirm it
    BY_HAND: ClassVar[str] = "by_hand"  # the network lets no app do it: the owner must
    NOTHING: ClassVar[str] = "nothing"  # Podium held no token (a demo, or already disconnected)

    outcome: str
    message: str = ""
    advice: str = ""

    @property
    def revoked(self) -> bool:
        return self.outcome == self.REVOKED


class ChannelError(Exception):
    """A failure talking to a network, classified so the outbox knows what to do."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def attempt_revocation(
    revoke: Callable[[], object], *, who: str, did: str, advice: str, advice_after: str = ""
) -> Revocation:
    """Run a connector's revocation call and say how it went, in a Revocation.

    `did` completes "<who> <did>." (e.g. "X", "revoked Podium's access to the account");
    `advice` is what the owner should do when the network did not confirm it, `advice_after`
    what is left for them even when it did (a Bluesky app password).
    """
    try:
        revoke()
    except ChannelError as error:
        return Revocation(
            Revocation.FAILED,
            f"{who} did not confirm that it {did}: {error.message.rstrip('.')}.",
            advice=advice,
        )
    return Revocation(Revocation.REVOKED, f"{who} {did}.", advice=advice_after)


class AuthExpired(ChannelError):
    """The token is revoked or expired and cannot be refreshed: the owner must reconnect."""


class RateLimited(ChannelError):
    """Too many calls: try again after `retry_after` seconds."""


class InvalidContent(ChannelError):
    """The network refuses this content (too long, a duplicate, bad media): retrying won't help."""


class Transient(ChannelError):
    """A failure before the request could take effect (5xx, refused connection): safe to retry."""


class OutcomeUnknown(ChannelError):
    """The request may have taken effect (a timeout after sending): confirm with find()."""


class Connector(Protocol):
    network: str
    limits: Limits

    def __init__(self, account: ChannelAccount | None = None) -> None:
        """A connector acting as `account`; without one, only counting and validating work."""

    def count(self, text: str) -> int:
        """Length of `text` as this network counts it."""
        ...

    def validate(self, variant: Variant) -> list[Problem]: ...

    def publish(self, variant: Variant, key: str) -> RemotePost:
        """Send `variant`; `key` is the publication's stable idempotency key."""
        ...

    def find(self, expected: Expected) -> RemotePost | None:
        """The post published earlier as `expected` says, or None if it never went out."""
        ...

    def engagement(self, remote: RemotePost, since: dt.datetime) -> Iterator[Event]: ...

    def mentions(self, query: str, since: dt.datetime) -> Iterator[Mention]: ...

    # Said on the disconnect page before anything happens: what disconnecting does there.
    revoke_note: str

    def revoke(self) -> Revocation:
        """Ask the network to take back Podium's access (the account's token), where it can.

        Never raises for a network failure: it answers Revocation(FAILED, why) instead, and
        the disconnect goes on (Podium forgets the token either way).
        """
        ...
