"""Posts, their revisions and per-network variants, and the posting slots compose picks from.

A post is written once for an executive and published to several channel accounts. Its text
lives in revisions: editing makes a new revision, and what is approved and published is always
one exact revision. Each (variant, channel account) pair becomes one Publication, the outbox's
row (podium.outbox.models), scheduled through `podium.outbox.schedule()`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.channels.base import Media, Part
from podium.channels.base import Variant as ChannelVariant
from podium.channels.models import Network
from podium.lib.images import RandomName


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
        return self.post.person.signs_in_as(user)

    def content(self) -> list[dict[str, Any]]:
        """What an approval covers, as data: every variant's network, text, thread parts, link,
        content warning and visibility, and each image's file SHA-256, part and alt text, in a
        fixed order. Not the schedule: moving a post does not change what was approved."""
        variants = sorted(self.variants.all(), key=lambda v: v.network)
        return [
            {
                "network": v.network,
                "text": v.text,
                "thread": list(v.thread),
                "link": v.link,
                "content_warning": v.content_warning,
                "visibility": v.visibility,
                "images": [
                    {"part": a.part, "sha256": a.file_sha256(), "alt_text": a.alt_text}
                    for a in sorted(v.attachments.all(), key=lambda a: (a.part, a.position, a.pk))
                ],
            }
            for v in variants
        ]

    def content_hash(self) -> str:
        """The SHA-256 (hex) of exactly what would be sent (`content()`): an approval is bound
        to it, and the outbox compares it with what it is about to send."""
        data = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(data.encode()).hexdigest()


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

    def for_channels(self) -> ChannelVariant:
        """The connector contract's view of this variant, which the network rules check and
        the outbox sends: each part with its images in order."""
        media: dict[int, list[Media]] = {}
        ordered = sorted(self.attachments.all(), key=lambda a: (a.part, a.position, a.pk))
        for attachment in ordered:  # sorted here so that a prefetch is used
            media.setdefault(attachment.part, []).append(attachment.as_media())
        return ChannelVariant(
            parts=tuple(
                Part(text=text, media=tuple(media.get(index, ())))
                for index, text in enumerate(self.parts)
            ),
            link=self.link,
            content_warning=self.content_warning,
            visibility=self.visibility,
        )


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
        return self.path

    def file_sha256(self) -> str:
        """The SHA-256 of the image's bytes ("missing" when the file is gone, which then never
        matches what was approved)."""
        digest = hashlib.sha256()
        try:
            with self.file.open("rb") as handle:
                for chunk in iter(lambda: handle.read(65536), b""):
                    digest.update(chunk)
        except (FileNotFoundError, ValueError):
            return "missing"
        finally:
            self.file.close()
        return digest.hexdigest()

    @property
    def path(self) -> str:
        """The file's name in storage, read when the image is sent (the field is required)."""
        return self.file.name or ""

    def as_media(self, alt_text: str | None = None) -> Media:
        """The image as connectors read it; `alt_text` is one being typed, not yet saved."""
        return Media(
            path=self.file.path,
            mime_type=self.mime_type,
            size=self.size,
            alt_text=self.alt_text if alt_text is None else alt_text,
        )


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
