"""Recognising our own post among a member's recent posts, for networks without idempotency keys.

LinkedIn and X accept no idempotency key, so after an unknown outcome `find(key)` lists the
account's recent posts and looks for ours. A post is ours when:

- its text equals the publication's text once both are normalised the way the network
  rewrites text (HTML entities unescaped, every link replaced by one placeholder because X
  wraps links in t.co, runs of whitespace collapsed), and
- it was created no earlier than `not_before`: the publication's due time less a margin for
  clock skew (a publication is only claimed, and so only sent, once it is due).

An identical text posted by hand after the due time would also match; that is what the
executive meant to say anyway, and the alternative (posting twice) is worse.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

CLOCK_SKEW = dt.timedelta(minutes=5)
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Expected:
    """What the publication with a given key should have put on the network."""

    texts: tuple[str, ...]  # one per part of the thread
    not_before: dt.datetime
    link: str = ""  # the variant's link, which a connector may have added to the first part


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = _LINK.sub("<link>", text)
    return _SPACE.sub(" ", text).strip()


def same_text(ours: str, theirs: str) -> bool:
    return normalise(ours) == normalise(theirs)


def expected_for(key: str) -> Expected | None:
    """The texts and earliest time of the publication with idempotency key `key`."""
    # Imported here: publishing depends on channels, not the other way round, at import time.
    from podium.publishing.models import Publication

    publication = Publication.objects.select_related("variant").filter(idempotency_key=key).first()
    if publication is None:
        return None
    return Expected(
        texts=tuple(publication.variant.parts),
        not_before=publication.due_at - CLOCK_SKEW,
        link=publication.variant.link,
    )
