"""Searching ideas and suggesting similar ones: full-text (FTS5 on SQLite, PostgreSQL's
to_tsvector), words matched as their beginnings, in titles and descriptions."""

from __future__ import annotations

import pytest

from podium.ideas import actions, search
from podium.ideas.models import Idea
from tests.ideas.helpers import idea, identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas(organisation):
    made = {
        "noon": idea("Serve breakfast until noon", description="Weekends especially."),
        "vegan": idea("Vegan breakfast options", description="More than fruit."),
        "keys": idea("Digital room keys", description="On my phone, not a card."),
    }
    actions.do_vote(identity(), made["vegan"])
    return made


def found(query: str) -> set[str]:
    return {i.title for i in search.matching(Idea.objects.all(), query)}


def test_every_word_must_match_as_a_beginning(ideas):
    assert found("break") == {"Serve breakfast until noon", "Vegan breakfast options"}
    assert found("breakfast vegan") == {"Vegan breakfast options"}
    assert found("phone") == {"Digital room keys"}  # in the description
    assert found("lobster") == set()


def test_search_syntax_in_a_query_is_only_words(ideas):
    for query in ['"', "breakfast OR", "NEAR(a b)", "a:* | !", "'; DROP TABLE x; --", "*"]:
        assert isinstance(found(query), set)
    assert found('"breakfast" AND noon*') == {"Serve breakfast until noon"}


def test_similar_ideas_share_most_words_then_most_votes(ideas):
    titles = [i.title for i in search.similar(Idea.objects.all(), "Breakfast until noon please")]
    assert titles[0] == "Serve breakfast until noon"
    assert titles[1] == "Vegan breakfast options"
    assert search.similar(Idea.objects.all(), "an it") == []


def test_a_changed_or_deleted_idea_is_found_as_it_now_is(ideas):
    Idea.objects.filter(pk=ideas["keys"].pk).update(title="Phone keys for every room")
    assert found("every") == {"Phone keys for every room"}
    ideas["keys"].votes.all().delete()
    Idea.objects.filter(pk=ideas["keys"].pk).delete()
    assert found("phone") == set()
