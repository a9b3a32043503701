"""Markdown to safe HTML: markdown-it-py renders, nh3 keeps only what an article needs.

Raw HTML in the Markdown is allowed through the renderer so that nh3, not the renderer's
settings, is the one place deciding what is safe: scripts, styles, event handlers and
`javascript:` links never survive.

An element that is opened and never closed (`<style>`, `<script>`, a `<!--` comment) would
swallow the rest of the article: Markdown reads everything after it as raw HTML, which nh3
then drops whole. Such an opening is shown as the text it is instead, so the writer sees the
mistake and the rest of the article still shows.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_block import html_block
from markdown_it.rules_block.state_block import StateBlock

# Openings whose end must come later, else everything after them is lost.
_ENDS = {"<!--": "-->", "<?": "?>", "<![CDATA[": "]]>"}
_DECLARATION = re.compile(r"<![A-Za-z]")
# Elements whose content an HTML parser reads as raw text (or nh3 drops) up to their end tag.
_SWALLOWING_TAG = re.compile(
    r"<(script|style|template|textarea|pre|title|xmp|iframe|noembed|noframes|noscript|plaintext)"
    r"(?=[\s/>]|$)",
    re.IGNORECASE,
)


def _never_closed(raw: str) -> bool:
    """True when this raw HTML opens a comment or an element that it does not close."""
    raw = raw.lstrip()
    for start, end in _ENDS.items():
        if raw.startswith(start):
            return end not in raw[len(start) :]
    if _DECLARATION.match(raw):
        return ">" not in raw
    tag = _SWALLOWING_TAG.match(raw)
    return tag is not None and f"</{tag[1].lower()}" not in raw.lower()


def _closed_html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's HTML block, except one that never closes: that is left to the paragraph
    rule, which shows it as text."""
    if silent:
        return html_block(state, start, end, silent)
    unclosed_from = state.env.setdefault("podium_unclosed_from", {})
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if unclosed_from.get((line[:4], end), end) <= start:
        return False  # an earlier same opening found no end before `end`: this one neither
    if not html_block(state, start, end, silent):
        return False
    token = state.tokens[-1]
    if not _never_closed(token.content):
        return True
    state.tokens.pop()
    state.line = start
    if token.map and token.map[1] == end:
        unclosed_from[(line[:4], end)] = start
    return False


def _unclosed_tags_as_text(state: Any) -> None:
    """An inline `<style>` (or `<script>`...) not closed in its paragraph is shown as text."""
    for block in state.tokens:
        children = block.children or []
        for index, child in enumerate(children):
            tag = _SWALLOWING_TAG.match(child.content) if child.type == "html_inline" else None
            if tag is None:
                continue
            closing = f"</{tag[1].lower()}"
            if not any(
                later.type == "html_inline" and later.content.lower().startswith(closing)
                for later in children[index + 1 :]
            ):
                child.type = "text"


_renderer = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": True}).enable(
    ["table", "strikethrough"]
)
_renderer.block.ruler.at(
    "html_block", _closed_html_block, {"alt": ["paragraph", "reference", "blockquote"]}
)
_renderer.core.ruler.push("unclosed_tags_as_text", _unclosed_tags_as_text)

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
