"""What the apps above policy (governance's approval chains) may ask of it."""

from __future__ import annotations

import datetime as dt

from podium.org.models import Person
from podium.policy.actions import do_override_finding
from podium.policy.checks import check_revision, check_text
from podium.policy.models import Finding, RosterEntry, Topic
from podium.publishing.extensions import Effect
from podium.publishing.models import Post, Revision

__all__ = [
    "Effect",
    "Finding",
    "check_revision",
    "check_text",
    "do_override_finding",
    "findings_of",
    "on_roster",
    "topics_of",
]


def findings_of(revision: Revision) -> list[Finding]:
    """The findings stored with `revision` (effect block / warn / step, reason, the words)."""
    return list(Finding.objects.filter(revision=revision).select_related("rule"))


def topics_of(post: Post) -> list[Topic]:
    return list(post.topics.all())


def on_roster(person: Person, network: str, topic: Topic | None, day: dt.date) -> tuple[bool, str]:
    """Whether `person` may speak on `network` (and `topic`) on `day`, and if not, why.
    An empty roster restricts no one (see checks.roster_findings)."""
    if not RosterEntry.objects.exists():
        return True, ""
    entries = [
        e
        for e in RosterEntry.objects.filter(person=person).prefetch_related("topics")
        if e.covers(day) and network in e.networks
    ]
    if not entries:
        return False, f"{person.name} is not on the roster for {network} on {day:%Y-%m-%d}."
    if topic is not None and not any(
        not e.topics.all() or topic in e.topics.all() for e in entries
    ):
        return False, f"{person.name} is not on the roster for {topic.name} on {day:%Y-%m-%d}."
    return True, ""
