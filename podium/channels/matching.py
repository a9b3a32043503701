"""Recognising our own post among an account's recent posts: the rules, in one place.

Only Bluesky can look a post up by its key; Mastodon (after its one-hour idempotency window),
LinkedIn and X list the account's recent posts and look for ours, as `find(expected)` is told
by the outbox (base.Expected). A remote post is part `i` of ours when:

- its text equals our part `i` (or, for the first part, our text with the variant's link at
  its end, as publish() may send it) once both are normalised the way networks rewrite
  text: HTML entities unescaped, every link replaced by one placeholder (X wraps links in
  t.co), a remote mention @user@domain shown as @user (Mastodon), runs of whitespace
  collapsed; and
- it was created no earlier than `expected.not_before`: the due time less a margin for
  clock skew (a publication is only claimed, and so only sent, once it is due).

An identical text posted by hand after the due time would also match; that is what the
executive meant to say anyway, and the alternative (posting twice) is worse.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from podium.channels.base import Expected

CLOCK_SKEW = dt.timedelta(minutes=5)
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
_REMOTE_MENTION = re.compile(r"(?<![\w@/])(@\w+)@[\w-]+(?:\.[\w-]+)+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = _LINK.sub("<link>", text)
    text = _REMOTE_MENTION.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def same_text(ours: str, theirs: str) -> bool:
    return normalise(ours) == normalise(theirs)


def with_link(text: str, link: str) -> str:
    """A first part's text with the variant's link at its end, as publish() sends it."""
    if not link or link in text:
        return text
    return f"{text.rstrip()}\n\n{link}" if text.strip() else link


def is_part(expected: Expected, index: int, theirs: str) -> bool:
    """True if a remote post's text is part `index` of the expected thread."""
    ours = expected.texts[index]
    candidates = (ours, with_link(ours, expected.link)) if index == 0 else (ours,)
    return any(same_text(text, theirs) for text in candidates)


def recent_enough(expected: Expected, created: dt.datetime | None) -> bool:
    """True unless the remote post was created before ours could have been sent."""
    return created is None or expected.not_before is None or created >= expected.not_before
