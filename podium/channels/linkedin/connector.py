"""LinkedIn: posts on the member's own profile through the versioned Posts API.

- publish: images go up first through the Images API (initializeUpload, then PUT the bytes
  to the upload URL); then `POST /rest/posts` with the commentary, the images' URNs and alt
  text; LinkedIn answers 201 with the post's URN in the `x-restli-id` header.
- LinkedIn takes no idempotency key. `find(key)` lists the member's recent posts
  (`GET /rest/posts?author=…&q=author`) and recognises ours by its text and creation time
  (podium/channels/matching.py). Listing needs the `r_member_social` permission, which
  LinkedIn grants only to approved apps; without it `find` cannot confirm and says so
  (OutcomeUnknown), so a person checks the profile instead of Podium posting twice.
- A 422 "Content is a duplicate of urn:li:…" means the post is already there: publish
  returns that post instead of failing.
- A link becomes a link card (an article with the page's own title and description), unless
  the post has images: then the link goes at the end of the text.
- LinkedIn has no threads; validate() says so before anything is scheduled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from podium.channels import matching
from podium.channels.base import (
    AuthExpired,
    Event,
    Expected,
    InvalidContent,
    Media,
    Mention,
    OutcomeUnknown,
    Problem,
    RemotePost,
    Revocation,
    Variant,
)
from podium.channels.bluesky.cards import read_card
from podium.channels.connector import NetworkConnector
from podium.channels.limits import validate_variant
from podium.channels.linkedin import oauth
from podium.channels.linkedin.client import DuplicatePost, LinkedInClient, Unauthorised
from podium.channels.models import ChannelAccount

POST_URL = "https://www.linkedin.com/feed/update/{urn}/"
# LinkedIn documents no token revocation endpoint open to apps like Podium's (only members
# can take an app's access back), so disconnecting tells the owner where to do it.
REVOKE_BY_HAND = "LinkedIn: remove Podium under Settings → Data privacy → Permitted services."
READ_PERMISSION = "r_member_social"
RECENT_POSTS = 50  # how far back find() looks
# LinkedIn's "little text" format reserves these characters; a reserved one left unescaped
# can cut the post short. A # directly before a word stays: that is a hashtag.
_RESERVED = re.compile(r"[\\|{}@\[\]()<>*_~]|#(?!\w)")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
T = TypeVar("T")


def little_text(text: str) -> str:
    return _RESERVED.sub(lambda m: "\\" + m[0], text)


def plain_text(commentary: str) -> str:
    return _ESCAPED.sub(r"\1", commentary)


def commentary_for(variant: Variant, *, with_card: bool = False) -> str:
    """The post's text; without a link card, the link is added at the end unless it is there."""
    text = variant.parts[0].text if variant.parts else ""
    if variant.link and not with_card and variant.link not in text:
        text = f"{text.rstrip()}\n\n{variant.link}" if text.strip() else variant.link
    return text


def post_url(urn: str) -> str:
    return POST_URL.format(urn=urn)


class LinkedInConnector(NetworkConnector):
    network = "linkedin"

    revoke_note = (
        "LinkedIn does not let apps revoke their own access: Podium forgets its token, and "
        "the owner removes Podium on LinkedIn under Settings → Data privacy → Permitted services."
    )

    def revoke(self) -> Revocation:
        """Nothing to call (see REVOKE_BY_HAND): the owner removes Podium on LinkedIn."""
        return Revocation(
            Revocation.BY_HAND,
            "Podium forgot its LinkedIn token (LinkedIn lets no app revoke its own access).",
            advice=REVOKE_BY_HAND,
        )

    def validate(self, variant: Variant) -> list[Problem]:
        return validate_variant("linkedin", variant)

    # --- publishing ------------------------------------------------------------------------

    def _account(self) -> ChannelAccount:
        if self.account is None or not self.account.remote_account_id:
            raise AuthExpired("No LinkedIn account is connected: connect LinkedIn first")
        return self.account

    @property
    def author(self) -> str:
        return f"urn:li:person:{self._account().remote_account_id}"

    def _with_client(self, action: Callable[[LinkedInClient], T]) -> T:
        """Run `action`; on a 401, refresh the token once (if LinkedIn gave a refresh token)."""
        account = self._account()
        try:
            return action(LinkedInClient(oauth.fresh_token(account)))
        except Unauthorised:
            if not account.refresh_token:
                raise
            return action(LinkedInClient(oauth.fresh_token(account, force=True)))

    def publish(self, variant: Variant, key: str) -> RemotePost:
        blocking = [p.message for p in self.validate(variant) if p.blocking]
        if blocking:
            raise InvalidContent(" ".join(blocking))
        try:
            urn = self._with_client(lambda client: self._create(client, variant))
        except DuplicatePost as duplicate:
            urn = duplicate.urn
        return RemotePost(remote_id=urn, url=post_url(urn), part_ids=(urn,))

    def _create(self, client: LinkedInClient, variant: Variant) -> str:
        media = variant.parts[0].media if variant.parts else ()
        images = [self._upload(client, item) for item in media]
        # LinkedIn shows images or a link card, not both; it reads no page itself, so Podium
        # gives the card the page's own title and description.
        with_card = bool(variant.link) and not images
        body: dict[str, Any] = {
            "author": self.author,
            "commentary": little_text(commentary_for(variant, with_card=with_card)),
            "visibility": "CONNECTIONS" if variant.visibility == "private" else "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if with_card:
            card = read_card(variant.link)
            article = {"source": card.uri, "title": card.title}
            if card.description:
                article["description"] = card.description
            body["content"] = {"article": article}
        elif len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        response = client.call("POST", "/rest/posts", what="publishing the post", json=body)
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise OutcomeUnknown("LinkedIn accepted the post but did not say its id")
        return urn

    def _upload(self, client: LinkedInClient, media: Media) -> dict[str, str]:
        started = client.call(
            "POST",
            "/rest/images?action=initializeUpload",
            what="preparing an image upload",
            json={"initializeUploadRequest": {"owner": self.author}},
        ).json()["value"]
        client.call(
            "PUT",
            started["uploadUrl"],
            what="uploading an image",
            content=Path(media.path).read_bytes(),
            headers={"Content-Type": media.mime_type},
        )
        return {"id": started["image"], "altText": media.alt_text}

    # --- confirming ------------------------------------------------------------------------

    def find(self, expected: Expected) -> RemotePost | None:
        author = quote(self.author, safe="")
        path = f"/rest/posts?author={author}&q=author&count={RECENT_POSTS}&sortBy=CREATED"
        try:
            listed = self._with_client(
                lambda client: client.call(
                    "GET", path, what="listing recent posts", permission=READ_PERMISSION
                ).json()
            )
        except AuthExpired as error:
            if "permission" not in error.message:
                raise
            raise OutcomeUnknown(
                "Podium cannot list this member's LinkedIn posts (LinkedIn grants the "
                "r_member_social permission only to approved apps): check the profile, then "
                "mark the post as sent or send it again"
            ) from None
        for element in listed.get("elements", []):
            created_ms = element.get("createdAt") or element.get("publishedAt")
            created = dt.datetime.fromtimestamp(created_ms / 1000, dt.UTC) if created_ms else None
            commentary = plain_text(str(element.get("commentary", "")))
            if matching.recent_enough(expected, created) and matching.is_part(
                expected, 0, commentary
            ):
                urn = str(element["id"])
                return RemotePost(remote_id=urn, url=post_url(urn), part_ids=(urn,))
        return None

    # --- reading (LinkedIn gives member posts' social data only to approved apps) ----------

    def engagement(self, remote: RemotePost, since: dt.datetime) -> Iterator[Event]:
        return iter(())

    def mentions(self, query: str, since: dt.datetime) -> Iterator[Mention]:
        return iter(())
