"""Finding ideas by their words. A first version: a plain query (the words in the title or the
description, case-insensitive) on every database; SQLite FTS5 and PostgreSQL full-text search
come later, behind these same two functions."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from podium.ideas.models import Idea

SIMILAR = 5
MIN_WORD = 3
MAX_WORDS = 6
# Words that say nothing about what an idea is.
_STOP = """the and for with you your our more that this from have please add allow make would
like could should can not are was were all any"""
STOP = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    found = [w for w in re.findall(r"\w+", text.lower()) if len(w) >= MIN_WORD]
    return list(dict.fromkeys(w for w in found if w not in STOP))[:MAX_WORDS]


def matching(ideas: QuerySet[Idea], query: str) -> QuerySet[Idea]:
    """Ideas with every word of the query in their title or description."""
    for word in words(query) or [query.strip()]:
        ideas = ideas.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return ideas


def similar(ideas: QuerySet[Idea], title: str) -> list[Idea]:
    """The ideas sharing most words with `title` (in their titles), most voted first."""
    found = words(title)
    if not found:
        return []
    score = sum(
        (Case(When(title__icontains=w, then=Value(1)), default=Value(0)) for w in found),
        Value(0),
    )
    any_word = Q()
    for w in found:
        any_word |= Q(title__icontains=w)
    return list(
        ideas.filter(any_word)
        .annotate(shared=Coalesce(score, 0, output_field=IntegerField()))
        .order_by("-shared", "-vote_count", "-pk")[:SIMILAR]
    )
