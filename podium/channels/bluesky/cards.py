"""Link cards: the title and description a page gives for itself, read with a short timeout.

The page is fetched through podium.lib.http (no private or loopback addresses, a timeout).
When it cannot be read, or says nothing, the card shows the address itself: a post never
waits or fails because of its link card.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from podium.lib import http

TIMEOUT = 5.0
MAX_HTML_CHARS = 300_000  # the head of a page is all a card needs
TITLE_MAX = 300
DESCRIPTION_MAX = 1000


@dataclass(frozen=True)
class Card:
    uri: str
    title: str
    description: str

    def as_embed(self) -> dict[str, object]:
        return {
            "$type": "app.bsky.embed.external",
            "external": {"uri": self.uri, "title": self.title, "description": self.description},
        }


class _HeadReader(HTMLParser):
    """Collects <title> and the og:/description meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name in ("og:title", "og:description", "description", "twitter:title"):
                self.meta.setdefault(name, values.get("content", ""))
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def read_card(url: str) -> Card:
    """The page's own title and description, or its address as the title."""
    fallback = Card(uri=url, title=url, description="")
    try:
        response = http.request("GET", url, timeout=TIMEOUT, headers={"Accept": "text/html"})
    except http.HttpError:
        return fallback
    if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
        return fallback
    reader = _HeadReader()
    reader.feed(response.text[:MAX_HTML_CHARS])
    title = reader.meta.get("og:title") or reader.meta.get("twitter:title") or reader.title
    description = reader.meta.get("og:description") or reader.meta.get("description") or ""
    return Card(
        uri=url,
        title=_clean(title, TITLE_MAX) or url,
        description=_clean(description, DESCRIPTION_MAX),
    )
