"""Approval chains: which drafts need more than the executive's own approval, and from whom.

A chain is chosen for a revision by its rules (channel, topic, person, policy findings; every
rule given must hold, the first active chain by position that matches wins). Its steps come in
order, each "any one of" or "all of" its approvers (people, or everyone with a role). The
executive's own approval of a text written for them (Voice's `do_approve_revision`) is always
the first step of every run.

A run (`ApprovalRun`) is one chain applied to one exact content: it copies the chain's steps as
they are when the draft is written (the rules in force), and every approval records the
SHA-256 of the content it approved (`Revision.content_hash()`). An edit makes a new revision,
which voids the old run and its approvals and starts a new one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.accounts.roles import Role


class Chain(models.Model):
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveIntegerField(
        default=100, help_text="Chains are tried in this order; the first that matches applies."
    )
    is_active = models.BooleanField(default=True)
    # Selection rules: each given rule must hold; an empty one matches every draft.
    networks = models.JSONField(default=list, blank=True, help_text="Channels (networks).")
    topics = models.JSONField(default=list, blank=True, help_text="Topics (any one of).")
    people = models.ManyToManyField("org.Person", blank=True, related_name="+")
    on_step_findings = models.BooleanField(
        default=False, help_text="Applies when a policy finding requires a step."
    )
    finding_rules = models.JSONField(
        default=list, blank=True, help_text="Applies when one of these policy rules finds."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ChainStep(models.Model):
    class Kind(models.TextChoices):
        ANY = "any", "Any one of"
        ALL = "all", "All of"

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.ANY)
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    hours = models.PositiveIntegerField(default=48, help_text="Time limit of the step.")
    remind_after_hours = models.PositiveIntegerField(null=True, blank=True)
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whom the step escalates to once its time limit has passed.",
    )

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="one_step_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.chain}: {self.name}"


class ApprovalRun(models.Model):
    """One chain applied to one revision's exact content."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"
        REJECTED = "rejected", "Rejected"
        VOID = "void", "Replaced by an edit"
        FAST_TRACKED = "fast_tracked", "Fast-tracked"

    OPEN = (State.WAITING,)
    CLEARED = (State.APPROVED, State.FAST_TRACKED)

    revision = models.ForeignKey(
        "publishing.Revision", on_delete=models.CASCADE, related_name="approval_runs"
    )
    chain = models.ForeignKey(Chain, null=True, on_delete=models.SET_NULL, related_name="runs")
    chain_name = models.CharField(max_length=120)
    # The steps as the chain had them when the run started: [{name, kind, approvers: [user
    # ids], hours, remind_after_hours, backup}]; step 0 is always the executive's own approval.
    steps = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    step = models.PositiveIntegerField(default=0)
    step_started_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "step_started_at"])]

    def __str__(self) -> str:
        return f"{self.chain_name} for {self.revision}"

    @property
    def current(self) -> dict[str, Any]:
        return self.steps[self.step] if self.step < len(self.steps) else {}

    @property
    def is_cleared(self) -> bool:
        return self.state in self.CLEARED


class Approval(models.Model):
    """One approver's decision on one step of a run, bound to the content hash it saw."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"
        REJECTED = "rejected", "Rejected"
        FAST_TRACKED = "fast_tracked", "Fast-tracked"

    run = models.ForeignKey(ApprovalRun, on_delete=models.CASCADE, related_name="approvals")
    step = models.PositiveIntegerField()
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices)
    content_hash = models.CharField(max_length=64)
    comment = models.TextField(blank=True)
    # Words the comment is pinned to: a variant's network and [start, end) offsets in its text.
    network = models.CharField(max_length=16, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} step {self.step} of {self.run}"


class Review(models.Model):
    """The review a fast-track opens: someone other than who fast-tracked must close it."""

    run = models.OneToOneField(ApprovalRun, on_delete=models.CASCADE, related_name="review")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.run}"
