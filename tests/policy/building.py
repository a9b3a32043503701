"""Builders shared by the policy tests."""

from __future__ import annotations

import datetime as dt

from podium.policy import actions
from podium.policy.models import RosterEntry, Rule, Topic


def topic(actor, name: str = "Partnerships", slug: str = "") -> Topic:
    return actions.do_save_topic(actor, None, {"name": name, "slug": slug})


def rule(actor, **data) -> Rule:
    defaults = {
        "name": "Banned words",
        "kind": Rule.Kind.BANNED,
        "match": Rule.Match.WORDS,
        "patterns": "guaranteed",
        "effect": "block",
        "reason": "We never promise results.",
    }
    return actions.do_save_rule(actor, None, {**defaults, **data})


def quiet(actor, starts_on: dt.date, ends_on: dt.date, **data) -> Rule:
    return rule(
        actor,
        **{
            "name": "Results quiet period",
            "kind": Rule.Kind.QUIET,
            "patterns": "",
            "reason": "Nothing is said in the weeks before results.",
            "starts_on": starts_on,
            "ends_on": ends_on,
            **data,
        },
    )


def on_roster(actor, person, networks=("mastodon", "x"), topics=(), **data) -> RosterEntry:
    return actions.do_save_roster_entry(
        actor,
        None,
        {
            "person": person,
            "networks": list(networks),
            "topics": list(topics),
            "starts_on": dt.date(2026, 1, 1),
            "ends_on": None,
            **data,
        },
    )
