"""Writes to policy's own data (topics, the roster, rules, findings), each audited in the same
transaction. `check_*` validate first and raise ValidationError naming the field and the fix,
so nothing is saved half."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import regex
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from podium.accounts.models import User
from podium.accounts.permissions import require_role
from podium.accounts.roles import Role
from podium.blog.models import Article
from podium.channels.limits import NETWORK_NAMES
from podium.governance import audit
from podium.lib import bounds
from podium.lib.text import check_one_line
from podium.policy.checks import MAX_PATTERN_CHARS, MAX_PATTERNS, compiled
from podium.policy.models import Finding, RosterEntry, Rule, Topic
from podium.publishing.extensions import Effect
from podium.publishing.extensions import Finding as Found
from podium.publishing.models import Post, Revision

# Who edits topics, the roster and the rules; approvers read them.
POLICY_EDITORS = frozenset({Role.ADMIN, Role.COMMS})
POLICY_READERS = POLICY_EDITORS | {Role.APPROVER}
NETWORKS = tuple(NETWORK_NAMES)


# ---------------------------------------------------------------------------- topics


def _apply(obj: Any, data: dict[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def do_save_topic(
    actor: User, topic: Topic | None, data: dict[str, Any], *, via: str = "web"
) -> Topic:
    require_role(actor, POLICY_EDITORS)
    check_one_line(data, ("name", "slug"))
    topic = topic or Topic()
    action = "topic.updated" if topic.pk else "topic.created"
    with audit.changing(
        topic, actor=actor, action=action, via=via, fields=("name", "slug", "description")
    ):
        _apply(topic, data, ("name", "slug", "description"))
        if not topic.slug:
            topic.slug = slugify(topic.name)[:50]
        topic.full_clean()
        topic.save()
    return topic


@transaction.atomic
def do_delete_topic(actor: User, topic: Topic, *, via: str = "web") -> None:
    require_role(actor, POLICY_EDITORS)
    if topic.rules.exists():
        names = ", ".join(topic.rules.values_list("name", flat=True)[:3])
        raise ValidationError(f"Rules use the topic {topic.name} ({names}): change them first.")
    audit.record(
        actor=actor,
        action="topic.deleted",
        target=topic,
        before=audit.snapshot(topic, ("name", "slug", "description")),
        via=via,
    )
    topic.delete()


def do_set_topics(
    actor: User, post: Post | Article, topics: Sequence[Topic], *, via: str = "web"
) -> None:
    """A post's or an article's topics (called by compose, the article's form, the API and the
    CSV import, in their action's transaction); audited only when they change."""
    before = sorted(post.topics.values_list("slug", flat=True))
    after = sorted(t.slug for t in topics)
    if before == after:
        return
    post.topics.set(topics)
    audit.record(
        actor=actor,
        action="article.topics_changed" if isinstance(post, Article) else "post.topics_changed",
        target=post,
        before={"topics": before},
        after={"topics": after},
        via=via,
    )


# ---------------------------------------------------------------------------- roster

ROSTER_FIELDS = ("person", "networks", "starts_on", "ends_on", "is_mentor", "mentor_help")


def check_roster_entry(entry: RosterEntry) -> None:
    errors: dict[str, list[str]] = {}
    unknown = [n for n in entry.networks if n not in NETWORKS]
    if unknown or not entry.networks:
        errors["networks"] = [
            f"Choose one or more of {', '.join(NETWORKS)}"
            + (f" ({', '.join(map(str, unknown))} is not one)." if unknown else ".")
        ]
    for name in ("starts_on", "ends_on"):
        day = getattr(entry, name)
        if day is not None and (problem := bounds.day_problem(day, "The date")):
            errors[name] = [problem]
    if entry.starts_on and entry.ends_on and entry.ends_on < entry.starts_on:
        errors["ends_on"] = [
            f"The end ({entry.ends_on:%Y-%m-%d}) is before the start "
            f"({entry.starts_on:%Y-%m-%d}): choose an end on or after the start."
        ]
    if entry.is_mentor and not entry.mentor_help.strip():
        errors["mentor_help"] = ["Say what others can ask this mentor about."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_save_roster_entry(
    actor: User, entry: RosterEntry | None, data: dict[str, Any], *, via: str = "web"
) -> RosterEntry:
    require_role(actor, POLICY_EDITORS)
    entry = entry or RosterEntry()
    action = "roster.updated" if entry.pk else "roster.added"
    with audit.changing(entry, actor=actor, action=action, via=via) as also:
        _apply(entry, data, ROSTER_FIELDS)
        check_one_line({"mentor_help": entry.mentor_help}, ("mentor_help",))
        check_roster_entry(entry)
        entry.full_clean(exclude=["networks"])
        entry.save()
        if "topics" in data:
            entry.topics.set(data["topics"])
        also["topics"] = sorted(entry.topics.values_list("slug", flat=True))
    return entry


@transaction.atomic
def do_delete_roster_entry(actor: User, entry: RosterEntry, *, via: str = "web") -> None:
    require_role(actor, POLICY_EDITORS)
    audit.record(
        actor=actor, action="roster.removed", target=entry, before=audit.snapshot(entry), via=via
    )
    entry.delete()


# ---------------------------------------------------------------------------- rules

RULE_FIELDS = (
    "name",
    "kind",
    "match",
    "patterns",
    "effect",
    "reason",
    "topic",
    "person",
    "starts_on",
    "ends_on",
    "is_active",
)


def check_patterns(match: str, patterns: str) -> None:
    """Each line compiles, and none is long enough to be a risk; the broken one is named with
    the reason and the position."""
    lines = [(n, line.strip()) for n, line in enumerate(patterns.splitlines(), 1) if line.strip()]
    if len(lines) > MAX_PATTERNS:
        raise ValidationError({"patterns": f"{len(lines)} lines: keep to {MAX_PATTERNS} at most."})
    for number, line in lines:
        if len(line) > MAX_PATTERN_CHARS:
            raise ValidationError(
                {
                    "patterns": f"Line {number} is {len(line)} characters long: keep each to "
                    f"{MAX_PATTERN_CHARS}."
                }
            )
        try:
            if match == Rule.Match.REGEX:
                re.compile(line)  # Python's own message and position of what is wrong
            compiled(match, line)
        except re.error as error:
            where = f" at position {error.pos}" if error.pos is not None else ""
            raise ValidationError(
                {
                    "patterns": f"Line {number} is not a valid regular expression: {error.msg}"
                    f"{where} (“{line}”)."
                }
            ) from error
        except regex.error as error:
            raise ValidationError(
                {"patterns": f"Line {number} is not a valid regular expression: {error}."}
            ) from error


def check_rule(rule: Rule) -> None:
    errors: dict[str, str] = {}
    try:
        check_patterns(rule.match, rule.patterns)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    needs_lines = rule.kind != Rule.Kind.QUIET
    if needs_lines and not rule.lines and "patterns" not in errors:
        hints: dict[str, str] = {
            Rule.Kind.DISCLOSURE: "Write the accepted disclosures, one per line (e.g. #ad).",
            Rule.Kind.LINKS: "Write the allowed domains, one per line (e.g. example.com).",
        }
        errors["patterns"] = hints.get(
            rule.kind, "Write the words or expressions to look for, one per line."
        )
    if rule.kind == Rule.Kind.DISCLOSURE and rule.topic_id is None:
        errors["topic"] = "Choose the topic whose posts need this disclosure."
    if rule.kind == Rule.Kind.QUIET:
        if rule.starts_on is None:
            errors["starts_on"] = "Choose the quiet period's first day."
        if rule.ends_on is None:
            errors["ends_on"] = "Choose the quiet period's last day."
        for name in ("starts_on", "ends_on"):
            day = getattr(rule, name)
            if day is not None and (problem := bounds.day_problem(day, "The date")):
                errors[name] = problem
        if rule.starts_on and rule.ends_on and rule.ends_on < rule.starts_on:
            errors["ends_on"] = (
                f"The last day ({rule.ends_on:%Y-%m-%d}) is before the first "
                f"({rule.starts_on:%Y-%m-%d}): choose a last day on or after the first."
            )
        if rule.starts_on and rule.ends_on and not errors:
            other = _overlapping_quiet(rule)
            if other is not None:
                scope = other.person.name if other.person else "the whole company"
                errors["starts_on"] = (
                    f"This overlaps the quiet period “{other.name}” for {scope} "
                    f"({other.starts_on:%Y-%m-%d} to {other.ends_on:%Y-%m-%d}): change the "
                    "dates or edit that one."
                )
    if errors:
        raise ValidationError(errors)


def _overlapping_quiet(rule: Rule) -> Rule | None:
    same_scope = Q(person__isnull=True) if rule.person_id is None else Q(person=rule.person_id)
    assert rule.starts_on is not None and rule.ends_on is not None
    return (
        Rule.objects.filter(same_scope, kind=Rule.Kind.QUIET, is_active=True)
        .filter(starts_on__lte=rule.ends_on, ends_on__gte=rule.starts_on)
        .exclude(pk=rule.pk)
        .select_related("person")
        .first()
    )


@transaction.atomic
def do_save_rule(actor: User, rule: Rule | None, data: dict[str, Any], *, via: str = "web") -> Rule:
    require_role(actor, POLICY_EDITORS)
    check_one_line(data, ("name", "reason"))
    rule = rule or Rule()
    action = "policy_rule.updated" if rule.pk else "policy_rule.created"
    with audit.changing(rule, actor=actor, action=action, via=via):
        _apply(rule, data, RULE_FIELDS)
        if rule.kind != Rule.Kind.QUIET:
            rule.person, rule.starts_on, rule.ends_on = None, None, None
        rule.full_clean(exclude=["updated_at"])
        check_rule(rule)
        rule.updated_at = timezone.now()
        rule.save()
    return rule


@transaction.atomic
def do_delete_rule(actor: User, rule: Rule, *, via: str = "web") -> None:
    require_role(actor, POLICY_EDITORS)
    audit.record(
        actor=actor, action="policy_rule.deleted", target=rule, before=audit.snapshot(rule), via=via
    )
    rule.delete()


# ---------------------------------------------------------------------------- findings


def _same(f: Found | Finding) -> tuple[str, str, str, int, int, int]:
    return (f.key[:80], f.effect, f.network, f.part, f.start, f.end)


def do_store_findings(
    actor: User | None,
    revision: Revision,
    findings: Sequence[Found],
    *,
    scheduling: bool = False,
    via: str = "web",
) -> list[Finding]:
    """The revision's findings as now found: one found before is kept as it was (with its
    override), one no longer found goes (a quiet period depends on the day), a new one is
    added. Scheduling past warnings overrides them, which is audited."""
    kept = {_same(f): f for f in Finding.objects.filter(revision=revision)}
    wanted = {_same(f): f for f in findings}
    Finding.objects.filter(pk__in=[f.pk for key, f in kept.items() if key not in wanted]).delete()
    rule_ids = {int(f.key.split(":")[1]) for f in findings if f.key.startswith("rule:")}
    rules = {r.pk: r for r in Rule.objects.filter(pk__in=rule_ids)}
    now = timezone.now()
    Finding.objects.bulk_create(
        Finding(
            revision=revision,
            rule=rules.get(int(f.key.split(":")[1])) if f.key.startswith("rule:") else None,
            key=f.key[:80],
            effect=f.effect,
            reason=f.reason[:500],
            network=f.network,
            part=f.part,
            start=f.start,
            end=f.end,
            words=f.words[:300],
            found_at=now,
        )
        for key, f in wanted.items()
        if key not in kept
    )
    stored = list(Finding.objects.filter(revision=revision))
    if not scheduling or actor is None or any(f.blocking for f in findings):
        return stored
    warned = [f for f in stored if f.effect == Effect.WARN and f.overridden_at is None]
    if warned:
        Finding.objects.filter(pk__in=[f.pk for f in warned]).update(
            overridden_by=actor, overridden_at=now
        )
        audit.record(
            actor=actor,
            action="policy.findings_overridden",
            target=revision.post,
            after={
                "revision": revision.number,
                "findings": [{"reason": f.reason, "words": f.words} for f in warned],
            },
            via=via,
        )
    return list(Finding.objects.filter(revision=revision))


@transaction.atomic
def do_override_finding(actor: User, finding: Finding, *, via: str = "web") -> Finding:
    """Accept a warning or a step's finding on purpose (an approver, the comms team)."""
    require_role(actor, POLICY_READERS)
    if finding.effect == Effect.BLOCK:
        raise ValidationError(
            "A finding that blocks cannot be overridden: change the text or the rule."
        )
    if finding.overridden_at is not None:
        return finding
    finding.overridden_by = actor
    finding.overridden_at = timezone.now()
    finding.save(update_fields=["overridden_by", "overridden_at"])
    audit.record(
        actor=actor,
        action="policy.finding_overridden",
        target=finding.revision.post,
        after={
            "revision": finding.revision.number,
            "reason": finding.reason,
            "words": finding.words,
        },
        via=via,
    )
    return finding
