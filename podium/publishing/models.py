"""Posts, their revisions and per-network variants, and the outbox of publications.

A post is written once for an executive and published to several channel accounts. Its text
lives in revisions: editing makes a new revision, and what is approved and published is always
one exact revision. Each (variant, channel account) pair becomes one Publication, the outbox row
that moves through  held → scheduled → claimed → sent | unknown | failed  exactly once.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.channels.models import Network
from podium.lib.images import RandomName


def is_the_executive(user: Any, person: Any) -> bool:
    """True if `user` signs in as `person`: who approves what is written in their name."""
    return user is not None and person.user_id is not None and user.pk == person.user_id


class Post(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="posts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts_written"
    )
    created_at = models.DateTimeField(default=timezone.now)
    scheduled_for = models.DateTimeField(
        null=True, blank=True, help_text="When it goes out; empty while a draft."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        revision = self.revisions.order_by("-number").first()
        return f"{self.person}: {(revision.text if revision else '')[:60]}"

    @property
    def latest_revision(self) -> Revision | None:
        return self.revisions.order_by("-number").first()


class Revision(models.Model):
    """One exact text of a post. Approval attaches to a revision, never to the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(help_text="The text every variant starts from.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The executive's own approval of a text drafted for them (authorship).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="one_revision_number")
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of post {self.post_id}"

    @property
    def written_by_executive(self) -> bool:
        return self.created_by_id == self.post.person.user_id

    @property
    def needs_executive_approval(self) -> bool:
        return not self.written_by_executive and self.approved_at is None

    def may_be_approved_by(self, user: Any) -> bool:
        """Only the executive approves what is written in their name."""
        return is_the_executive(user, self.post.person)


class Variant(models.Model):
    """The revision as one network will show it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        UNLISTED = "unlisted", "Unlisted"
        PRIVATE = "private", "Followers only"

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="variants")
    network = models.CharField(max_length=16, choices=Network.choices)
    text = models.TextField()
    thread = models.JSONField(default=list, blank=True, help_text="Texts of further parts.")
    link = models.URLField(blank=True, max_length=2000)
    content_warning = models.CharField(max_length=500, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "network"], name="one_variant_per_network")
        ]

    def __str__(self) -> str:
        return f"{self.network} variant of {self.revision}"

    @property
    def parts(self) -> list[str]:
        return [self.text, *self.thread]


class Attachment(models.Model):
    """An image on one part of a variant's thread."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="attachments")
    part = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=RandomName("posts/%Y/%m"))  # by images.intake()
    mime_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    alt_text = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["variant", "part", "position"]

    def __str__(self) -> str:
        return self.file.name


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

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publications")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="publications")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="publications")
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
    error_kind = models.CharField(max_length=20, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["state", "due_at"])]
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
            and is_the_executive(user, self.post.person)
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

    def _latest_revision_id(self) -> int | None:
        return self.post.revisions.order_by("-number").values_list("pk", flat=True).first()


# Why a publication was scheduled again, by error_kind (see outbox/transitions.py).
RESCHEDULED_BECAUSE = {
    "rate_limited": "Rate-limited by the network: trying again later.",
    "transient": "A temporary error: trying again later.",
    "not_found": "The network confirmed it never got the post: sending again.",
}


class PostingSlot(models.Model):
    """A regular time an executive posts at ("Tuesdays 08:30"), in their own timezone.

    Compose offers "next free time slot": the first of these, from now, without a post.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="posting_slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    time = models.TimeField(help_text="In the executive's own timezone.")

    class Meta:
        ordering = ["person", "weekday", "time"]
        constraints = [
            models.UniqueConstraint(fields=["person", "weekday", "time"], name="one_slot_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.time:%H:%M}"


class CadenceTarget(models.Model):
    """How often an executive means to speak: posts a week and articles a month.

    An executive without a row has the defaults; a target of 0 means "no target".
    """

    DEFAULT_POSTS_PER_WEEK = 2
    DEFAULT_ARTICLES_PER_MONTH = 1

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="cadence_target"
    )
    posts_per_week = models.PositiveSmallIntegerField(default=DEFAULT_POSTS_PER_WEEK)
    articles_per_month = models.PositiveSmallIntegerField(default=DEFAULT_ARTICLES_PER_MONTH)
    nudges_enabled = models.BooleanField(
        default=True, help_text="Remind the executive (in Podium and by email) when behind."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.posts_per_week}/week, {self.articles_per_month}/month"
