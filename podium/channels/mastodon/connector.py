"""Mastodon: statuses with images and alt text, content warnings, visibility and threads.

Exactly once: every status is sent with an `Idempotency-Key`. Part i of a thread uses
f"{key}-{i}", so a retried thread re-sends each part with its own key: the instance answers
with the status it already made instead of making another, and the thread resumes where it
stopped. Mastodon remembers a key for one hour (per account); within that hour a retry is
always safe.

Mastodon's access tokens do not expire, so there is nothing to refresh: a revoked token
answers 401, which is AuthExpired, and the account is marked as needing reconnection.

`find(expected)` never posts. It reads the account's own recent statuses and looks for the
thread's texts, chained by in_reply_to_id, published no earlier than `expected.not_before`
(the rules are podium/channels/matching.py's). That is what confirms an unknown outcome
after the idempotency window; within it, the outbox may equally retry `publish()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from podium.channels import limits, matching
from podium.channels.base import (
    Event,
    EventBatch,
    Expected,
    InvalidContent,
    Media,
    Mention,
    Part,
    Problem,
    RemotePost,
    Revocation,
    Variant,
    attempt_revocation,
)
from podium.channels.connector import NetworkConnector
from podium.channels.mastodon import oauth, reading
from podium.channels.mastodon.client import InstanceError, call, make_client
from podium.channels.mastodon.reading import status_text

if TYPE_CHECKING:
    from mastodon import Mastodon

    from podium.channels.models import ChannelAccount

VISIBILITIES = ("public", "unlisted", "private", "direct")
FIND_PAGES = 3  # of 40 statuses: far more than an executive posts between two outbox sweeps


class MastodonConnector(NetworkConnector):
    network = "mastodon"

    def __init__(self, account: ChannelAccount | None = None) -> None:
        super().__init__(account)
        if account is not None:  # each instance says how long a post may be
            self.limits = limits.limits_for("mastodon", account.max_chars)
        self._client: Mastodon | None = None

    # --- disconnecting (works with the account's token and Podium's app on the instance) ----

    revoke_note = "Podium also asks the Mastodon server to revoke its access to the account."

    def revoke(self) -> Revocation:
        account = self._connected()
        return attempt_revocation(
            lambda: oauth.revoke(account),
            who="The Mastodon server",
            did="revoked Podium's access",
            advice="To be sure, remove Podium on the server under Preferences → Account → "
            "Authorized apps.",
        )

    def validate(self, variant: Variant) -> list[Problem]:
        problems = limits.validate_variant(
            "mastodon", self._with_link(variant), self.limits.max_chars
        )
        if variant.visibility not in VISIBILITIES:
            problems.append(
                Problem(
                    f"Mastodon has no visibility {variant.visibility!r}: "
                    f"choose one of {', '.join(VISIBILITIES)}."
                )
            )
        return problems

    # --- publishing -----------------------------------------------------------------------

    def _connected(self) -> ChannelAccount:
        if self.account is None:
            raise ValueError("Publishing to Mastodon needs a connected account.")
        return self.account

    def client(self) -> Mastodon:
        if self._client is None:
            account = self._connected()
            try:
                self._client = make_client(account.instance_url, access_token=account.access_token)
            except InstanceError as error:  # retrying would not help
                raise InvalidContent(str(error)) from error
        return self._client

    def publish(self, variant: Variant, key: str) -> RemotePost:
        blocking = [p.message for p in self.validate(variant) if p.blocking]
        if blocking:
            raise InvalidContent(" ".join(blocking))
        client = self.client()
        variant = self._with_link(variant)
        ids: list[str] = []
        first: dict[str, Any] | None = None
        for index, part in enumerate(variant.parts):
            media_ids = [self._upload(client, item) for item in part.media]
            status = call(
                client,
                partial(
                    client.status_post,
                    part.text,
                    in_reply_to_id=ids[-1] if ids else None,
                    media_ids=media_ids or None,
                    spoiler_text=variant.content_warning or None,
                    visibility=variant.visibility,
                    idempotency_key=f"{key}-{index}",
                ),
                sent=True,
            )
            ids.append(str(status["id"]))
            first = first or status
        assert first is not None  # a variant has at least one part
        return RemotePost(remote_id=ids[0], url=first["url"] or first["uri"], part_ids=tuple(ids))

    def _upload(self, client: Mastodon, item: Media) -> str:
        with open(item.path, "rb") as data:
            media = call(
                client,
                lambda: client.media_post(
                    data,
                    mime_type=item.mime_type,
                    description=item.alt_text or None,
                    synchronous=True,
                ),
                sent=True,  # an orphan upload is harmless: the instance removes it later
            )
        return str(media["id"])

    @staticmethod
    def _with_link(variant: Variant) -> Variant:
        """The link goes at the end of the first part (Mastodon makes its card from it)."""
        if not variant.link or variant.link in variant.parts[0].text:
            return variant
        first = variant.parts[0]
        text = matching.with_link(first.text, variant.link)
        parts = (Part(text=text, media=first.media), *variant.parts[1:])
        return Variant(
            parts=parts,
            link=variant.link,
            content_warning=variant.content_warning,
            visibility=variant.visibility,
        )

    # --- confirming -----------------------------------------------------------------------

    def find(self, expected: Expected) -> RemotePost | None:
        """The thread published earlier as `expected`, or None if the account does not hold it.

        Only a complete thread counts as found: a partial one is finished by publish() with
        the same key.
        """
        client = self.client()
        statuses = self._recent_own_statuses(client, expected.not_before)
        found: list[dict[str, Any]] = []
        for index in range(len(expected.texts)):
            parent = str(found[-1]["id"]) if found else None
            match = next(
                (
                    s
                    for s in reversed(statuses)  # oldest first: the first one sent
                    if matching.is_part(expected, index, status_text(s["content"]))
                    and (index == 0 or str(s.get("in_reply_to_id") or "") == parent)
                ),
                None,
            )
            if match is None:
                return None
            found.append(match)
        ids = tuple(str(s["id"]) for s in found)
        return RemotePost(remote_id=ids[0], url=found[0]["url"] or found[0]["uri"], part_ids=ids)

    def _recent_own_statuses(
        self, client: Mastodon, since: dt.datetime | None
    ) -> list[dict[str, Any]]:
        me = call(client, client.account_verify_credentials)
        statuses: list[dict[str, Any]] = []
        page = call(client, lambda: client.account_statuses(me["id"], limit=40))
        for _ in range(FIND_PAGES):
            if not page:
                break
            statuses.extend(page)
            oldest = page[-1]["created_at"]
            if since is not None and oldest < since:
                break
            page = call(client, partial(client.fetch_next, page))
        if since is not None:
            statuses = [s for s in statuses if s["created_at"] >= since]
        return statuses

    # --- reading (Advocates; the calls are in reading.py) -----------------------------------

    def engagement(self, remote: RemotePost, since: dt.datetime) -> Iterator[Event]:
        """Likes, reblogs and replies of one published post (a thread: of its first part)."""
        account = self._connected()
        own_ids = frozenset(remote.part_ids or (remote.remote_id,))
        yield from reading.post_engagement(
            self.client(),
            reading.host_of(account.instance_url),
            remote.remote_id,
            own_ids=own_ids,
            own_account_id=account.remote_account_id,
            now=timezone.now(),
        )

    def notifications(self, after: str) -> EventBatch:
        """Favourites, reblogs, mentions, quotes and follows after notification id `after`."""
        account = self._connected()
        return reading.notifications(self.client(), reading.host_of(account.instance_url), after)

    def mentions(self, query: str, since: dt.datetime) -> Iterator[Mention]:
        client = self.client()
        results = call(client, lambda: client.search_v2(query, result_type="statuses"))
        for status in results["statuses"]:
            if status["created_at"] < since:
                continue
            yield Mention(
                remote_id=str(status["id"]),
                author_handle=f"@{status['account']['acct']}",
                text=status_text(status["content"]),
                at=status["created_at"],
                url=status["url"] or status["uri"],
            )
