"""Demo step: topics, a roster with two mentors, and rules that fire on some demo drafts.

The demo company reports results five weeks from now: the finance executive (the second most
senior person) is in a quiet period until then, so their drafts need an approval step, and the
day before results is quiet for everyone (blocked). Partnership posts need "#ad" or "#partner";
forward-looking words go to legal (a step); "guaranteed" is banned; links go only to the
company's own domains (a warning). Findings are stored for every draft and upcoming post, as
creating them through compose would have.
"""

from __future__ import annotations

import datetime as dt

from podium.channels.limits import NETWORK_NAMES
from podium.channels.models import ChannelAccount
from podium.lib.demo import BATCH, DemoContext
from podium.policy import checks
from podium.policy.models import Finding, RosterEntry, Rule, Topic
from podium.publishing import extensions
from podium.publishing.models import Post

LABEL = "policy"
TOPICS = (
    ("Results", "results", "Financial results, guidance and anything investors read."),
    ("Partnerships", "partnerships", "Partners, sponsors and joint offers: disclosed."),
    ("Product", "product", "Hotels, rooms, the app and what guests use."),
    ("Hiring", "hiring", "Open roles, apprentices and careers."),
    ("Culture", "culture", "How our teams work and what they care about."),
)
# Which drafts (publishing/demo.py's DRAFTS) are on which topic, by a word they contain.
TAGGED = {"partnership": "partnerships", "results": "results", "guidance": "results"}
RESULTS_IN = dt.timedelta(weeks=5)


def populate(ctx: DemoContext) -> None:
    made = Topic.objects.bulk_create(
        [Topic(name=name, slug=slug, description=about) for name, slug, about in TOPICS]
    )
    topics = {topic.slug: topic for topic in made}
    _roster(ctx, topics)
    _rules(ctx, topics)
    _tag_and_check(ctx, topics)


def _roster(ctx: DemoContext, topics: dict[str, Topic]) -> None:
    networks: dict[int, list[str]] = {}
    for person_id, network in ChannelAccount.objects.filter(person__in=ctx.people).values_list(
        "person_id", "network"
    ):
        networks.setdefault(person_id, []).append(network)
    start = (ctx.now - dt.timedelta(days=400)).date()
    entries = RosterEntry.objects.bulk_create(
        [
            RosterEntry(
                person=person,
                networks=sorted(networks.get(person.pk) or NETWORK_NAMES),
                starts_on=start,
                is_mentor=index in (0, 2),
                mentor_help=(
                    "Finding your voice on LinkedIn and writing about results."
                    if index == 0
                    else "Posting about culture and hiring without sounding like an advert."
                    if index == 2
                    else ""
                ),
            )
            for index, person in enumerate(ctx.people)
        ],
        batch_size=BATCH,
    )
    # The most senior three speak on anything; the others on product, hiring and culture.
    through = RosterEntry.topics.through
    through.objects.bulk_create(
        [
            through(rosterentry_id=entry.pk, topic_id=topics[slug].pk)
            for index, entry in enumerate(entries)
            if index >= 3
            for slug in ("product", "hiring", "culture", "partnerships")
        ],
        batch_size=BATCH,
    )


def _rules(ctx: DemoContext, topics: dict[str, Topic]) -> None:
    today = ctx.now.date()
    results_day = today + RESULTS_IN
    finance = ctx.people[1] if len(ctx.people) > 1 else ctx.people[0]
    domain = ctx.email_domain or "example.com"
    Rule.objects.bulk_create(
        [
            Rule(
                name="Results quiet period (finance)",
                kind=Rule.Kind.QUIET,
                effect="step",
                reason="Before results, posts by finance go to legal first.",
                person=finance,
                starts_on=today - dt.timedelta(days=3),
                ends_on=results_day - dt.timedelta(days=1),
            ),
            Rule(
                name="Day before results",
                kind=Rule.Kind.QUIET,
                effect="block",
                reason="Nobody posts the day before results.",
                starts_on=results_day - dt.timedelta(days=1),
                ends_on=results_day - dt.timedelta(days=1),
            ),
            Rule(
                name="Partnerships are disclosed",
                kind=Rule.Kind.DISCLOSURE,
                topic=topics["partnerships"],
                patterns="#ad\n#partner",
                effect="block",
                reason="A post about a partner says so.",
            ),
            Rule(
                name="Forward-looking statements",
                kind=Rule.Kind.LEGAL,
                patterns="we expect\nguidance\nwill grow\nforecast",
                effect="step",
                reason="Forward-looking statements are reviewed by legal.",
            ),
            Rule(
                name="No promises",
                kind=Rule.Kind.BANNED,
                patterns="guaranteed\nrisk-free",
                effect="block",
                reason="We never promise what we cannot guarantee.",
            ),
            Rule(
                name="Our own links",
                kind=Rule.Kind.LINKS,
                patterns=f"{domain}\nmeridian.example",
                effect="warn",
                reason="Link to our own sites, or check the link with the comms team.",
            ),
            Rule(
                name="Project names",
                kind=Rule.Kind.CONFIDENTIAL,
                patterns="Project Lighthouse",
                effect="block",
                reason="Internal project names stay internal.",
            ),
        ]
    )


def _tag_and_check(ctx: DemoContext, topics: dict[str, Topic]) -> None:
    """Tag the drafts by the words they contain, then store what the checks find in every
    draft and upcoming post's revision."""
    upcoming = list(
        Post.objects.filter(person__in=ctx.people)
        .exclude(scheduled_for__lt=ctx.now)
        .select_related("person")
        .prefetch_related("revisions__variants")
    )
    through = Topic.posts.through
    tags = []
    for post in upcoming:
        revision = post.revisions.all()[0]
        for word, slug in TAGGED.items():
            if post.scheduled_for is None and word in revision.text.lower():
                tags.append(through(topic_id=topics[slug].pk, post_id=post.pk))
    through.objects.bulk_create(tags, ignore_conflicts=True)
    rules = list(Rule.objects.select_related("topic"))
    findings: list[Finding] = []
    for index, post in enumerate(upcoming):
        revision = post.revisions.all()[0]
        subject = extensions.subject_of(revision, post.scheduled_for or ctx.now)
        found = checks.roster_findings(subject) + checks.rule_findings(subject, rules)
        findings.extend(
            Finding(
                revision=revision,
                rule_id=int(f.key.split(":")[1]) if f.key.startswith("rule:") else None,
                key=f.key,
                effect=f.effect,
                reason=f.reason,
                network=f.network,
                part=f.part,
                start=f.start,
                end=f.end,
                words=f.words,
                found_at=ctx.now,
            )
            for f in found
        )
        ctx.progress(LABEL, index + 1, len(upcoming))
    Finding.objects.bulk_create(findings, batch_size=BATCH)
