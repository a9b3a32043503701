"""Markdown to safe HTML: markdown-it-py renders, nh3 keeps only what an article needs.

Raw HTML in the Markdown is allowed through the renderer so that nh3, not the renderer's
settings, is the one place deciding what is safe: scripts, styles, event handlers and
`javascript:` links never survive.
"""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": True}).enable(
    ["table", "strikethrough"]
)

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong",
        "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
    "code": {"class"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render(markdown: str) -> str:
    """The article body as sanitised HTML."""
    html = _renderer.render(markdown)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def plain_excerpt(markdown: str, length: int = 240) -> str:
    """The first words of the text without markup, for summaries and meta descriptions."""
    text = nh3.clean(_renderer.render(markdown), tags=set())
    text = " ".join(html.unescape(text).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
