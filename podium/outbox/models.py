"""The outbox: one Publication per (variant, channel account), sent exactly once.

    held ⇄ scheduled → claimed → sent | unknown | failed;  held | scheduled → cancelled

Only this app changes a publication's state (transitions.py); other apps ask it through the
functions in podium/outbox/__init__.py. The table keeps the name publishing made it with.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from podium.channels.models import Network


class Publication(models.Model):
    """The outbox row for one variant on one channel account: it is sent exactly once."""

    class State(models.TextChoices):
        HELD = "held", "Waiting"  # for what: see `hold`
        SCHEDULED = "scheduled", "Scheduled"
        CLAIMED = "claimed", "Sending"
        SENT = "sent", "Sent"
        UNKNOWN = "unknown", "Checking"  # the outcome is being confirmed with the network
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Unscheduled"

    class Hold(models.TextChoices):
        """What a held publication waits for; empty when it is not held."""

        NONE = "", "Nothing"
        EXECUTIVE_APPROVAL = "executive_approval", "The executive's approval"
        APPROVAL_STEP = "approval_step", "An approval step"  # Governance's approval chains
        ACCOUNT_RECONNECT = "account_reconnect", "The account to be reconnected"
        ACCOUNT_DISCONNECTED = "account_disconnected", "The account to be connected again"
        DEMO_ACCOUNT = "demo_account", "Nothing: a demo account never sends"
        PAUSED = "paused", "Publishing to resume"  # Crisis's pause

    APPROVAL_HOLDS = (Hold.EXECUTIVE_APPROVAL, Hold.APPROVAL_STEP)

    post = models.ForeignKey(
        "publishing.Post", on_delete=models.CASCADE, related_name="publications"
    )
    revision = models.ForeignKey(
        "publishing.Revision", on_delete=models.PROTECT, related_name="publications"
    )
    variant = models.ForeignKey(
        "publishing.Variant", on_delete=models.PROTECT, related_name="publications"
    )
    channel_account = models.ForeignKey(
        "channels.ChannelAccount", on_delete=models.PROTECT, related_name="publications"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.HELD)
    hold = models.CharField(max_length=24, choices=Hold.choices, blank=True)
    due_at = models.DateTimeField(db_index=True)
    # Stable across every attempt: networks that honour it never post twice.
    idempotency_key = models.CharField(max_length=64, unique=True, default=uuid.uuid4)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    remote_id = models.CharField(max_length=300, blank=True)
    remote_url = models.URLField(blank=True, max_length=2000)
    remote_part_ids = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Governance's approval chains: a publication that needs one goes out only while the
    # SHA-256 of its revision's content is the one its chain was completed for.
    needs_clearance = models.BooleanField(default=False)
    cleared_hash = models.CharField(max_length=64, blank=True)
    error_kind = models.CharField(max_length=20, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "publishing_publication"  # made by publishing: kept, so nothing moves
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            # Cadence counts a post by its first sent time in a week or month: read by range.
            models.Index(fields=["state", "sent_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "channel_account"], name="one_publication_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.variant.network} publication {self.pk} ({self.state})"

    @property
    def waiting_reason(self) -> str:
        """Why it waits, in a sentence read now: a renamed executive is named by their new name."""
        return self.waiting_reason_for(None)

    def waiting_reason_for(self, reader: Any) -> str:
        """The sentence for `reader`: "your approval" when the executive reads it themselves."""
        if self.state == self.State.HELD:
            return self._hold_sentence(reader)
        if self.state == self.State.CANCELLED and self.revision_id != self._latest_revision_id():
            return "Replaced by an edit."
        if self.state == self.State.SCHEDULED and self.error_kind:
            return RESCHEDULED_BECAUSE.get(self.error_kind, "")
        return ""

    def waits_for(self, user: Any) -> bool:
        """True if `user` is the executive whose approval this publication waits for."""
        return (
            self.state == self.State.HELD
            and self.hold == self.Hold.EXECUTIVE_APPROVAL
            and self.post.person.signs_in_as(user)
        )

    def _hold_sentence(self, reader: Any) -> str:
        account = self.channel_account
        network = Network(account.network).label
        if self.hold == self.Hold.EXECUTIVE_APPROVAL:
            person = self.post.person
            if self.waits_for(reader):
                return "Waiting for your approval"
            sentence = f"Waiting for {person.name}'s approval"
            if person.user_id is None:
                sentence += f" ({person.name} has no sign-in yet: give them one under People)"
            return sentence
        if self.hold == self.Hold.APPROVAL_STEP:
            if self.error_kind == "uncleared" and self.last_error:
                return self.last_error
            return "Waiting for an approval step"
        if self.hold == self.Hold.ACCOUNT_RECONNECT:
            why = account.status_reason or "access was refused."
            return f"{network} account needs reconnecting: {why}"
        if self.hold == self.Hold.ACCOUNT_DISCONNECTED:
            return f"{network} account is disconnected: connect it again to send."
        if self.hold == self.Hold.DEMO_ACCOUNT:
            return account.status_reason or "Demo account: Podium never contacts it."
        if self.hold == self.Hold.PAUSED:
            return "Paused: publishing resumes when the pause is lifted."
        return "Held for approval."

    @property
    def is_cleared(self) -> bool:
        """True unless it needs a chain and what it would send is not what the chain cleared."""
        if not self.needs_clearance:
            return True
        return bool(self.cleared_hash) and self.cleared_hash == self.revision.content_hash()

    def _latest_revision_id(self) -> int | None:
        return self.post.revisions.order_by("-number").values_list("pk", flat=True).first()


# Why a publication was scheduled again, by error_kind (see outbox/transitions.py).
RESCHEDULED_BECAUSE = {
    "rate_limited": "Rate-limited by the network: trying again later.",
    "transient": "A temporary error: trying again later.",
    "not_found": "The network confirmed it never got the post: sending again.",
}
