"""Rich-text facets: which byte ranges of a post are links, mentions and hashtags.

Bluesky does not parse post text: the client says where each link, mention and hashtag is, as
byte offsets into the UTF-8 encoded text (so "café 🎉 #news" puts the tag at bytes 11 to 16, not
at characters 7 to 12). Detection follows the network's own rules through the atproto SDK's
detector (a port of the reference client's); Podium adds the mention lookup, and a mention
whose handle does not resolve to an account stays plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from atproto_client.models.app.bsky.richtext.facet import Link, Tag
from atproto_client.utils import facet_detection

LINK = "app.bsky.richtext.facet#link"
MENTION = "app.bsky.richtext.facet#mention"
TAG = "app.bsky.richtext.facet#tag"

Resolver = Callable[[str], "str | None"]  # handle -> DID, or None when it does not resolve


@dataclass(frozen=True)
class Facet:
    byte_start: int
    byte_end: int
    kind: str  # LINK, MENTION or TAG
    value: str  # the URI, the DID or the tag (without '#')

    def as_record(self) -> dict[str, object]:
        """The facet as the post record stores it."""
        field = {LINK: "uri", MENTION: "did", TAG: "tag"}[self.kind]
        return {
            "$type": "app.bsky.richtext.facet",
            "index": {"byteStart": self.byte_start, "byteEnd": self.byte_end},
            "features": [{"$type": self.kind, field: self.value}],
        }


def detect(text: str, resolve: Resolver) -> list[Facet]:
    """Every link, hashtag and resolvable mention in `text`, in order of position."""
    found: list[Facet] = []
    for facet in facet_detection.detect_facets(text):
        feature = facet.features[0]
        start, end = facet.index.byte_start, facet.index.byte_end
        if isinstance(feature, Link):
            found.append(Facet(start, end, LINK, feature.uri))
        elif isinstance(feature, Tag):
            found.append(Facet(start, end, TAG, feature.tag))
    resolved: dict[str, str | None] = {}
    for mention in facet_detection.detect_mentions(text):
        handle = mention.handle.lower()
        if handle not in resolved:
            resolved[handle] = resolve(handle)
        did = resolved[handle]
        if did:
            found.append(Facet(mention.byte_start, mention.byte_end, MENTION, did))
    return sorted(found, key=lambda facet: facet.byte_start)


def as_records(facets: list[Facet]) -> list[dict[str, object]]:
    return [facet.as_record() for facet in facets]
