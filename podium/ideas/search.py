"""Finding ideas by their words: SQLite FTS5 on the embedded default (the ideas_idea_fts index,
migration 0002), PostgreSQL full-text search in production (to_tsvector with the 'simple'
configuration, so that no language's stemming is assumed), each word matched as a prefix.
Another database falls back to a plain case-insensitive match of each word."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from podium.ideas.models import Idea

SIMILAR = 5
CANDIDATES = 50
MIN_WORD = 3
MAX_WORDS = 6
# Words that say nothing about what an idea is.
_STOP = """the and for with you your our more that this from have please add allow make would
like could should can not are was were all any"""
STOP = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """The query's words worth searching for: letters and digits only, so that none can carry
    a search engine's syntax."""
    found = [w for w in re.findall(r"\w+", text.lower()) if len(w) >= MIN_WORD]
    return list(dict.fromkeys(w for w in found if w not in STOP))[:MAX_WORDS]


def _ranked_ids(found: list[str], *, every: bool, limit: int | None) -> RawSQL | None:
    """Ids of ideas matching the words (all of them, or any), best match first; None when the
    database has no full-text search here."""
    if connection.vendor == "sqlite":
        query = (" AND " if every else " OR ").join(f'"{w}"*' for w in found)
        sql = "SELECT rowid FROM ideas_idea_fts WHERE ideas_idea_fts MATCH %s ORDER BY rank"
    elif connection.vendor == "postgresql":
        query = (" & " if every else " | ").join(f"{w}:*" for w in found)
        sql = (
            "SELECT id FROM ideas_idea WHERE to_tsvector('simple', title || ' ' || description)"
            " @@ to_tsquery('simple', %s) ORDER BY ts_rank(to_tsvector('simple', title || ' ' ||"
            " description), to_tsquery('simple', %s)) DESC"
        )
        # The SQL is constant (the limit an int): the words travel as parameters.
        return RawSQL(sql + (f" LIMIT {int(limit)}" if limit else ""), [query, query])  # noqa: S611
    else:
        return None
    return RawSQL(sql + (f" LIMIT {int(limit)}" if limit else ""), [query])  # noqa: S611


def matching(ideas: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Ideas with every word of the query (as a word's beginning) in the title or description."""
    found = words(query)
    if not found:
        return ideas.filter(Q(title__icontains=query.strip()) | Q(description__icontains=query))
    ids = _ranked_ids(found, every=True, limit=None)
    if ids is not None:
        return ideas.filter(pk__in=ids)
    for word in found:
        ideas = ideas.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return ideas


def similar(ideas: QuerySet[Idea], title: str) -> list[Idea]:
    """The ideas most like `title` (sharing most of its words), for suggestions as one types."""
    found = words(title)
    if not found:
        return []
    ids = _ranked_ids(found, every=False, limit=CANDIDATES)
    if ids is not None:
        candidates = list(ideas.filter(pk__in=ids))
    else:
        any_word = Q()
        for w in found:
            any_word |= Q(title__icontains=w)
        candidates = list(ideas.filter(any_word)[:CANDIDATES])

    def shared(idea: Idea) -> int:
        text = f"{idea.title} {idea.description}".lower()
        return sum(1 for w in found if re.search(rf"\b{re.escape(w)}", text))

    candidates.sort(key=lambda i: (-shared(i), -i.vote_count, -i.pk))
    return candidates[:SIMILAR]
