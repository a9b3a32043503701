"""Finding what the rules and the roster say about a post: pure reads, nothing is written.

Words and phrases match whole words in any case (Unicode: "Café" finds "CAFÉ", "ad" does not
find "adopt"); a phrase's spaces match any run of white space. Regular expressions run on the
`regex` package with a time limit (MATCH_TIMEOUT_SECONDS), so a pattern that backtracks for
ever on some text becomes one finding saying so, not a stuck page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import regex
from django.utils import timezone

from podium.channels.limits import NETWORK_NAMES
from podium.org.models import Person
from podium.policy.models import RosterEntry, Rule, Topic
from podium.publishing.actions import VariantInput
from podium.publishing.extensions import (
    Effect,
    Finding,
    Subject,
    Text,
    subject_of,
    subject_of_inputs,
)
from podium.publishing.models import Revision

MATCH_TIMEOUT_SECONDS = 0.2  # for each rule on each text; a post is a few thousand characters
MAX_PATTERN_CHARS = 300
MAX_PATTERNS = 200
URL = regex.compile(r"https?://[^\s<>\"']+", regex.IGNORECASE)


def compiled(rule_match: str, line: str) -> regex.Pattern[str]:
    """One line of a rule as an expression (raises regex.error for a broken one)."""
    if rule_match == Rule.Match.REGEX:
        return regex.compile(line, regex.IGNORECASE | regex.UNICODE)
    words = r"\s+".join(regex.escape(word) for word in line.split())
    return regex.compile(rf"(?<!\w){words}(?!\w)", regex.IGNORECASE | regex.UNICODE)


def matches(pattern: regex.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each match; TimeoutError when the pattern runs too long."""
    return [
        m.span()
        for m in pattern.finditer(text, timeout=MATCH_TIMEOUT_SECONDS)
        if m.end() > m.start()
    ]


def topics_in(subject: Subject) -> list[Topic]:
    return list(subject.values.get("topics", {}).get("topics") or [])


def day_of(subject: Subject) -> dt.date:
    when = subject.when or timezone.now()
    return when.astimezone(subject.person.zone).date()


def _finding(
    rule: Rule, text: Text | None, span: tuple[int, int] = (0, 0), words: str = ""
) -> Finding:
    return Finding(
        key=f"rule:{rule.pk}",
        effect=rule.effect,
        reason=rule.reason,
        network=text.network if text else "",
        part=text.part if text else 0,
        start=span[0],
        end=span[1],
        words=words[:300],
    )


def _word_findings(rule: Rule, texts: Sequence[Text]) -> list[Finding]:
    found: list[Finding] = []
    for line in rule.lines:
        try:
            pattern = compiled(rule.match, line)
        except regex.error:
            continue  # refused when saved; one written before that rule cannot match
        for text in texts:
            try:
                spans = matches(pattern, text.text)
            except TimeoutError:
                # Said once, and the rule stops here: the time limit is per rule, not per text.
                return [*found, _too_long(rule, text)]
            found.extend(_finding(rule, text, span, text.text[span[0] : span[1]]) for span in spans)
    return found


def _too_long(rule: Rule, text: Text) -> Finding:
    return Finding(
        key=f"rule:{rule.pk}:timeout",
        effect=Effect.WARN,
        reason=f"The rule “{rule.name}” took too long on this text and was not checked: ask "
        "an administrator to simplify it.",
        network=text.network,
        part=text.part,
    )


def _disclosure_findings(rule: Rule, subject: Subject, texts: Sequence[Text]) -> list[Finding]:
    """Each network's version (all its parts) must carry one of the accepted disclosures."""
    patterns: list[regex.Pattern[str]] = []
    for line in rule.lines:
        try:
            patterns.append(compiled(rule.match, line))
        except regex.error:
            continue
    found = []
    for network in subject.networks:
        parts = [t for t in texts if t.network == network]
        try:
            has = any(matches(p, t.text) for p in patterns for t in parts)
        except TimeoutError:
            has = False
        if not has:
            accepted = " or ".join(f"“{line}”" for line in rule.lines) or "a disclosure"
            found.append(
                Finding(
                    key=f"rule:{rule.pk}",
                    effect=rule.effect,
                    reason=f"{rule.reason} ({NETWORK_NAMES.get(network, network)}: add {accepted})",
                    network=network,
                )
            )
    return found


def allowed_domain(host: str, allowed: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for domain in allowed:
        domain = domain.lower().strip().lstrip("*.").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def _link_findings(rule: Rule, subject: Subject, texts: Sequence[Text]) -> list[Finding]:
    allowed = rule.lines
    found = []
    for text in texts:
        for match in URL.finditer(text.text):
            url = match.group().rstrip(".,;:!?)")
            if not allowed_domain(urlsplit(url).hostname or "", allowed):
                span = (match.start(), match.start() + len(url))
                found.append(_finding(rule, text, span, url))
    for network, link in subject.links.items():
        if not allowed_domain(urlsplit(link).hostname or "", allowed):
            found.append(_finding(rule, Text(network, 0, ""), (0, 0), link))
    return found


def _quiet_applies(rule: Rule, subject: Subject) -> bool:
    if rule.person_id is not None and rule.person_id != subject.person.pk:
        return False
    if rule.starts_on is None or rule.ends_on is None:
        return False
    return rule.starts_on <= day_of(subject) <= rule.ends_on


def rule_findings(subject: Subject, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """What every active rule finds in `subject`."""
    if rules is None:
        rules = Rule.objects.filter(is_active=True).select_related("topic")
    topics = {t.pk for t in topics_in(subject)}
    # A network's own text repeats the base text when it was not changed: check each once.
    texts = _distinct(subject.texts)
    found: list[Finding] = []
    for rule in rules:
        if rule.topic_id is not None and rule.topic_id not in topics:
            continue
        if rule.kind == Rule.Kind.QUIET:
            if _quiet_applies(rule, subject):
                end = f"{rule.ends_on:%-d %B %Y}" if rule.ends_on else ""
                found.append(
                    Finding(
                        key=f"rule:{rule.pk}",
                        effect=rule.effect,
                        reason=f"{rule.reason} (quiet period “{rule.name}” until {end})",
                    )
                )
        elif rule.kind == Rule.Kind.DISCLOSURE:
            found.extend(_disclosure_findings(rule, subject, subject.texts))
        elif rule.kind == Rule.Kind.LINKS:
            found.extend(_link_findings(rule, subject, texts))
        else:
            found.extend(_word_findings(rule, texts))
    return found


def _distinct(texts: Sequence[Text]) -> list[Text]:
    """The base text, and each network's part only where it differs from the base text."""
    base = next((t.text for t in texts if not t.network), None)
    return [t for t in texts if not t.network or t.part > 0 or t.text != base]


def roster_findings(subject: Subject) -> list[Finding]:
    """Once the roster has any entry, a person speaks only where an entry covering the day
    lets them: each network of the post, and each of its topics."""
    if not RosterEntry.objects.exists():
        return []
    day = day_of(subject)
    person = subject.person
    entries = [
        e
        for e in RosterEntry.objects.filter(person=person).prefetch_related("topics")
        if e.covers(day)
    ]
    when = f"{day:%-d %B %Y}"
    if not entries:
        return [
            Finding(
                key="roster:person",
                effect=Effect.BLOCK,
                reason=f"{person.name} is not on the roster on {when}: ask a communications "
                "manager to add them under Roster.",
            )
        ]
    found = []
    for network in subject.networks:
        if not any(network in e.networks for e in entries):
            name = NETWORK_NAMES.get(network, network)
            found.append(
                Finding(
                    key=f"roster:network:{network}",
                    effect=Effect.BLOCK,
                    reason=f"{person.name} is not on the roster for {name} on {when}: "
                    f"remove {name} or ask a communications manager.",
                    network=network,
                )
            )
    for topic in topics_in(subject):
        allowed = [e for e in entries if not e.topics.all() or topic in e.topics.all()]
        if not allowed:
            found.append(
                Finding(
                    key=f"roster:topic:{topic.slug}",
                    effect=Effect.BLOCK,
                    reason=f"{person.name} is not on the roster for the topic {topic.name} on "
                    f"{when}: remove the topic or ask a communications manager.",
                )
            )
    return found


def check_subject(subject: Subject) -> list[Finding]:
    return roster_findings(subject) + rule_findings(subject)


def check_revision(revision: Revision, when: dt.datetime | None = None) -> list[Finding]:
    """What the roster and the rules find in a saved revision, due `when` (default: when its
    post is scheduled, else now)."""
    return check_subject(subject_of(revision, when))


def check_text(
    person: Person,
    text: str,
    networks: Sequence[str] = (),
    topics: Sequence[Topic] = (),
    when: dt.datetime | None = None,
) -> list[Finding]:
    """The same for a text being typed, on `networks` (its own text on each), about `topics`."""
    variants = {network: VariantInput(text=text) for network in networks}
    values = {"topics": {"topics": list(topics)}}
    return check_subject(subject_of_inputs(person, text, variants, values, when=when))
