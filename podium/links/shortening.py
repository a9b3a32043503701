"""Short links on every post: registered with the outbox (`outbox/rewriting.py`), asked just
before a publication is sent, and again by reconciliation's find().

Each link in a part's text and the link card becomes a short link of the publication's own, so
a click knows the executive, the post, the network and the objectives. The links are made once
per publication (the first time it is asked) and found again after, so a retry or a
reconciliation sees the very text that went out. A part the short link would push over the
network's limit keeps its own link (the post still goes out; that click is not counted).
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from podium.channels import base, limits
from podium.governance import audit
from podium.governance.objectives import Objective
from podium.links.models import DESTINATION_MAX, ShortLink
from podium.outbox.models import Publication

# A link as people write it in a post: up to a space or a quote; trailing punctuation is prose.
LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}\u00bb\u201d\u2019"  # and closing quotes: » ” and the apostrophe
MEDIUM = "social"


def links_in(text: str) -> list[tuple[int, int]]:
    """(start, end) of each link in `text`, trailing punctuation left out."""
    spans = []
    for found in LINK.finditer(text):
        start, end = found.span()
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        if end - start > len("https://"):
            spans.append((start, end))
    return spans


def utm_rules(publication: Publication) -> dict[str, str]:
    """The UTM parameters a publication's links carry: the network, social, the post's
    objective (the first it is tagged with, by name) and the post."""
    post = publication.post
    objective = post.objectives.order_by("pk").first()
    return rules_for(publication.channel_account.network, post.pk, objective)


def rules_for(network: str, post_id: int, objective: Objective | None) -> dict[str, str]:
    rules = {"utm_source": network, "utm_medium": MEDIUM, "utm_content": f"post-{post_id}"}
    if objective is not None:
        rules["utm_campaign"] = slugify(objective.name)[:100] or f"objective-{objective.pk}"
    return rules


def with_utm(url: str, rules: dict[str, str]) -> str:
    """`url` with the UTM parameters it does not already have (the writer's own win)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    present = {name for name, _ in query}
    query += [(name, value) for name, value in rules.items() if name not in present]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _shortenable(url: str) -> bool:
    return not url.startswith(settings.PODIUM_LINK_BASE_URL) and len(url) <= DESTINATION_MAX


def links_of(publication: Publication, urls: list[str]) -> dict[str, ShortLink]:
    """The publication's short link for each of `urls`, made the first time (and audited)."""
    wanted = [u for u in dict.fromkeys(urls) if _shortenable(u)]
    have = {
        link.source_url: link
        for link in ShortLink.objects.filter(publication=publication, source_url__in=wanted)
    }
    missing = [u for u in wanted if u not in have]
    if not missing:
        return have
    rules = utm_rules(publication)
    try:
        with transaction.atomic():
            made = []
            for url in missing:
                destination = with_utm(url, rules)
                link = ShortLink.objects.create(
                    destination=destination if len(destination) <= DESTINATION_MAX else url,
                    source_url=url,
                    publication=publication,
                    post=publication.post,
                    person=publication.post.person,
                    network=publication.channel_account.network,
                )
                made.append(link)
            audit.record(
                actor=None,
                action="links.shortened",
                target=publication,
                target_type="outbox.publication",
                after={"links": {link.code: link.destination for link in made}},
                via="worker",
            )
    except IntegrityError:  # another worker made them meanwhile: theirs are the ones
        pass
    return {
        link.source_url: link
        for link in ShortLink.objects.filter(publication=publication, source_url__in=wanted)
    }


def _replaced(text: str, short: dict[str, ShortLink]) -> str:
    out, last = [], 0
    for start, end in links_in(text):
        url = text[start:end]
        out.append(text[last:start])
        out.append(short[url].short_url() if url in short else url)
        last = end
    out.append(text[last:])
    return "".join(out)


def rewrite(publication: Publication, variant: base.Variant) -> base.Variant:
    """`variant` with each link a short link of `publication`'s (the outbox's rewriter)."""
    texts = [part.text for part in variant.parts]
    urls = [text[s:e] for text in texts for s, e in links_in(text)]
    if variant.link:
        urls.append(variant.link)
    if not urls:
        return variant
    short = links_of(publication, urls)
    account = publication.channel_account
    known = account.network in limits.LIMITS
    most = limits.limits_for(account.network, account.max_chars).max_chars if known else 0
    parts = []
    for part in variant.parts:
        text = _replaced(part.text, short)
        if known and limits.count(account.network, text) > most:
            text = part.text  # the short link would not fit: the post keeps its own
        parts.append(dataclasses.replace(part, text=text))
    link = short[variant.link].short_url() if variant.link in short else variant.link
    return dataclasses.replace(variant, parts=tuple(parts), link=link)
