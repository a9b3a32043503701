"""The demo's policy: topics, a roster with two mentors, and rules that fire on its drafts."""

from __future__ import annotations

import pytest

from podium.policy.models import Finding, RosterEntry, Rule, Topic
from podium.system.demo import run_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_topics_a_roster_with_mentors_and_rules_that_fire():
    run_demo()
    assert {"results", "partnerships", "product", "hiring", "culture"} <= set(
        Topic.objects.values_list("slug", flat=True)
    )
    assert RosterEntry.objects.filter(is_mentor=True).count() == 2
    assert RosterEntry.objects.exclude(mentor_help="").filter(is_mentor=True).count() == 2
    fired = {
        (f.rule.kind, f.effect)
        for f in Finding.objects.filter(revision__post__scheduled_for__isnull=True).select_related(
            "rule"
        )
        if f.rule
    }
    assert {
        (Rule.Kind.LEGAL, "step"),
        (Rule.Kind.DISCLOSURE, "block"),
        (Rule.Kind.BANNED, "block"),
        (Rule.Kind.LINKS, "warn"),
    } <= fired
    quiet = Finding.objects.filter(rule__kind=Rule.Kind.QUIET)
    assert quiet.exists() and {f.effect for f in quiet} == {"step"}
    assert all(
        f.revision.post.person == f.rule.person
        for f in quiet.select_related("rule", "revision__post")
    )
