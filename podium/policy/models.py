"""Topics, the roster of who may speak for the organisation, policy rules and their findings.

A rule is data: kind, the words or regular expressions it looks for, an effect (block, warn,
or an approval step) and the reason shown to people. Findings are stored per revision, pointing
at the words (network, part, character offsets), written when the revision is created and again
when it is scheduled (checks.py finds them, actions.py stores them).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.publishing.extensions import Effect


class Topic(models.Model):
    """A subject the organisation speaks on ("Results", "Partnerships")."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.TextField(blank=True, max_length=2000)
    posts = models.ManyToManyField("publishing.Post", related_name="topics", blank=True)
    articles = models.ManyToManyField("blog.Article", related_name="topics", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RosterEntry(models.Model):
    """A person may speak on these networks and topics from `starts_on` until `ends_on`."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="roster")
    networks = models.JSONField(default=list, help_text="Network slugs: mastodon, bluesky, ...")
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="roster", help_text="None chosen: any topic."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until further notice.")
    is_mentor = models.BooleanField(default=False)
    mentor_help = models.CharField(
        max_length=300, blank=True, help_text="What others can ask this mentor about."
    )

    class Meta:
        ordering = ["person__name", "starts_on"]

    def __str__(self) -> str:
        return f"{self.person} from {self.starts_on:%Y-%m-%d}"

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Rule(models.Model):
    class Kind(models.TextChoices):
        BANNED = "banned", "Banned words and phrases"
        DISCLOSURE = "disclosure", "Required disclosure for a topic"
        LINKS = "links", "Links only to allowed domains"
        CONFIDENTIAL = "confidential", "Confidential terms"
        QUIET = "quiet", "Quiet period"
        LEGAL = "legal", "Claims that need legal review"

    class Match(models.TextChoices):
        WORDS = "words", "Words and phrases (any case, whole words)"
        REGEX = "regex", "Regular expressions"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    match = models.CharField(max_length=8, choices=Match.choices, default=Match.WORDS)
    patterns = models.TextField(
        blank=True,
        help_text="One per line: the words, phrases or expressions looked for; for a "
        "disclosure, the accepted disclosures; for links, the allowed domains.",
    )
    effect = models.CharField(max_length=8, choices=Effect.choices, default=Effect.WARN)
    reason = models.CharField(max_length=300, help_text="Shown to whoever writes the post.")
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
        help_text="Only posts on this topic (required for a disclosure).",
    )
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quiet_periods",
        help_text="A quiet period for this person only; empty: company-wide.",
    )
    starts_on = models.DateField(null=True, blank=True, help_text="Quiet periods: first day.")
    ends_on = models.DateField(null=True, blank=True, help_text="Quiet periods: last day.")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.patterns.splitlines() if line.strip()]


class Finding(models.Model):
    """What a check found in one revision, stored with it."""

    revision = models.ForeignKey(
        "publishing.Revision", on_delete=models.CASCADE, related_name="policy_findings"
    )
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.SET_NULL)
    key = models.CharField(max_length=80)  # "rule:12", "roster:network:x", ...
    effect = models.CharField(max_length=8, choices=Effect.choices)
    reason = models.CharField(max_length=500)
    network = models.CharField(max_length=16, blank=True)
    part = models.PositiveIntegerField(default=0)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    words = models.CharField(max_length=300, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["revision", "network", "part", "start"]

    def __str__(self) -> str:
        return f"{self.get_effect_display()}: {self.reason}"
