"""How long a post is and what it may hold, by each network's own rules.

Connectors call these from their `count()` and `validate()`; compose calls them with no account
at all (the live count, the checks before scheduling). Each network counts differently:

- Mastodon: grapheme clusters; every http(s) link counts as 23 characters whatever its length,
  and a remote mention `@user@domain` counts as `@user`. The content warning shares the limit.
  The limit is the instance's (500 by default; `ChannelAccount.max_chars` overrides it).
- Bluesky: grapheme clusters, 300 per post; links count as typed (Podium does not shorten them).
- X: the weighted length of X's own text library (most CJK and emoji weigh 2; links weigh 23).
- LinkedIn: characters (code points), 3000 per post; no threads.

Images: each network's largest file, by type where it differs (X: 5 MB, but GIFs up to 15 MB,
as X's media upload documentation gives them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import regex
from twitter_text import parse_tweet

from podium.channels.base import Limits, Media, Part, Problem, Variant

MB = 1024 * 1024
URL_WEIGHT = 23  # what Mastodon and X count for any link

LIMITS: dict[str, Limits] = {
    "mastodon": Limits(
        max_chars=500, max_images=4, max_image_bytes=16 * MB, threads=True, alt_text_max=1500
    ),
    "bluesky": Limits(
        max_chars=300, max_images=4, max_image_bytes=1_000_000, threads=True, alt_text_max=2000
    ),
    "x": Limits(
        max_chars=280,
        max_images=4,
        max_image_bytes=5 * MB,
        threads=True,
        alt_text_max=1000,
        max_image_bytes_by_type=(("image/gif", 15 * MB),),
    ),
    "linkedin": Limits(
        max_chars=3000, max_images=9, max_image_bytes=8 * MB, threads=False, alt_text_max=4086
    ),
}
NETWORK_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X", "linkedin": "LinkedIn"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
TYPE_NAMES = {"image/gif": "GIFs"}  # how a type with a limit of its own is named

# Mastodon shortens only links with a scheme; the rest of the text is counted as typed.
_MASTODON_URL = re.compile(r"(?<![\w/])https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)
_MASTODON_REMOTE_MENTION = re.compile(r"(?<![\w@])(@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)@[\w.-]+\w")


def graphemes(text: str) -> int:
    """User-perceived characters: a flag, a family emoji or e + accent is one."""
    return len(regex.findall(r"\X", text))


def count_mastodon(text: str) -> int:
    countable = _MASTODON_URL.sub("x" * URL_WEIGHT, text)
    countable = _MASTODON_REMOTE_MENTION.sub(r"\1", countable)
    return graphemes(countable)


def count_bluesky(text: str) -> int:
    return graphemes(text)


def count_x(text: str) -> int:
    return parse_tweet(text).weightedLength if text else 0


def count_linkedin(text: str) -> int:
    return len(text)


COUNTERS: dict[str, Callable[[str], int]] = {
    "mastodon": count_mastodon,
    "bluesky": count_bluesky,
    "x": count_x,
    "linkedin": count_linkedin,
}


def count(network: str, text: str) -> int:
    return COUNTERS[network](text)


def limits_for(network: str, max_chars: int | None = None) -> Limits:
    """The network's limits; `max_chars` is an instance's own limit (Mastodon)."""
    limits = LIMITS[network]
    return replace(limits, max_chars=max_chars) if max_chars else limits


def _as_part(part: Part | str) -> Part:
    return Part(text=part) if isinstance(part, str) else part


def validate_parts(
    network: str,
    parts: Sequence[Part | str],
    max_chars: int | None = None,
    *,
    content_warning: str = "",
) -> list[Problem]:
    """Everything wrong with a post (a thread of `parts`) for `network`, blocking or not."""
    name = NETWORK_NAMES[network]
    limits = limits_for(network, max_chars)
    thread = [_as_part(p) for p in parts]
    problems: list[Problem] = []
    if len(thread) > 1 and not limits.threads:
        problems.append(
            Problem(
                f"{name} has no threads: join the {len(thread)} parts into one post "
                f"or remove {name} from this thread."
            )
        )
    extra = count(network, content_warning) if content_warning else 0
    for index, part in enumerate(thread):
        where = f"Part {index + 1}" if len(thread) > 1 else "The post"
        if not part.text.strip() and not part.media:
            problems.append(Problem(f"{where} is empty: write something or remove it.", index))
        length = count(network, part.text) + (extra if index == 0 else 0)
        if length > limits.max_chars:
            over = length - limits.max_chars
            fix = (
                "shorten it or split it into a thread"
                if limits.threads
                else "shorten it (LinkedIn has no threads)"
            )
            cw = " (with the content warning)" if extra and index == 0 else ""
            problems.append(
                Problem(
                    f"{where} is {length} characters{cw} as {name} counts them, {over} over "
                    f"{name}'s limit of {limits.max_chars}: {fix}.",
                    index,
                )
            )
        problems.extend(_media_problems(name, limits, part.media, index, where))
    return problems


def _media_problems(
    name: str, limits: Limits, media: Sequence[Media], index: int, where: str
) -> list[Problem]:
    problems: list[Problem] = []
    if len(media) > limits.max_images:
        problems.append(
            Problem(
                f"{where} has {len(media)} images; {name} takes at most {limits.max_images}: "
                f"remove {len(media) - limits.max_images}.",
                index,
            )
        )
    for number, item in enumerate(media, start=1):
        label = f"image {number}" + (f" of part {index + 1}" if index else "")
        if item.mime_type not in IMAGE_TYPES:
            problems.append(
                Problem(
                    f"The {label} is not a JPEG, PNG, GIF or WebP picture: choose one that is.",
                    index,
                )
            )
        if item.size > limits.max_bytes_for(item.mime_type):
            problems.append(Problem(_too_large(name, limits, item, label), index))
        if not item.alt_text.strip():
            problems.append(
                Problem(
                    f"The {label} has no alt text: describe it for people who cannot see it.",
                    index,
                    blocking=False,
                )
            )
        elif len(item.alt_text) > limits.alt_text_max:
            problems.append(
                Problem(
                    f"The alt text of the {label} is {len(item.alt_text)} characters; {name} "
                    f"takes up to {limits.alt_text_max}: shorten it.",
                    index,
                )
            )
    return problems


def _too_large(name: str, limits: Limits, item: Media, label: str) -> str:
    """Say the network's limit for this image's type (and the others, where types differ)."""
    most = limits.max_bytes_for(item.mime_type)
    size = f"The {label} is {item.size / MB:.1f} MB"
    if not limits.max_image_bytes_by_type:
        return f"{size}; {name} takes up to {most / MB:.1f} MB: use a smaller image."
    if item.mime_type in TYPE_NAMES and most != limits.max_image_bytes:
        kind = TYPE_NAMES[item.mime_type]
        return f"{size}; {name} takes {kind} up to {most / MB:.1f} MB: use a smaller image."
    others = ", ".join(
        f"{TYPE_NAMES.get(mime, mime)} up to {bytes_ / MB:.1f} MB"
        for mime, bytes_ in limits.max_image_bytes_by_type
    )
    return f"{size}; {name} takes images up to {most / MB:.1f} MB ({others}): use a smaller image."


def validate_variant(network: str, variant: Variant, max_chars: int | None = None) -> list[Problem]:
    """`validate_parts` for a whole connector Variant (the content warning counts on Mastodon)."""
    warning = variant.content_warning if network == "mastodon" else ""
    return validate_parts(network, variant.parts, max_chars, content_warning=warning)
