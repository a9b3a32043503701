from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Nudge(models.Model):
    """An in-app notification to one user, shown until they mark it read.

    It began as the cadence reminder (kind BEHIND) and now also says what awaits a user's
    approval, what of theirs was approved and what failed to publish. `link` is the path of
    the page to act on; `key` names what it is about ("revision:12", "publication:40") so the
    same thing never notifies the same user twice (empty for cadence reminders, which repeat
    weekly by design). `person` is the executive it is about.

    The table keeps the name it had when publishing owned the model, so installations that
    upgrade keep their notifications (migrations 0001 here and publishing 0006).
    """

    class Kind(models.TextChoices):
        BEHIND = "behind", "Behind on cadence"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting your approval"
        APPROVED = "approved", "Approved"
        PUBLICATION_FAILED = "publication_failed", "Publication failed"

    # The icon and colour of each kind on the notifications page (Tabler's names).
    LOOKS: ClassVar[dict[str, tuple[str, str]]] = {
        Kind.BEHIND: ("calendar-stats", "orange"),
        Kind.AWAITING_APPROVAL: ("checkbox", "primary"),
        Kind.APPROVED: ("circle-check", "green"),
        Kind.PUBLICATION_FAILED: ("alert-triangle", "red"),
    }

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="nudges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BEHIND)
    message = models.TextField()
    link = models.CharField(
        max_length=500, blank=True, help_text="Path of the page to act on, e.g. /posts/12/edit/."
    )
    key = models.CharField(max_length=100, blank=True, help_text="What it is about, for dedup.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "publishing_nudge"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["person", "kind", "created_at"], name="publishing__person__e3d972_idx"
            ),
            models.Index(fields=["user", "read_at"], name="nudge_user_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=~models.Q(key=""),
                name="one_nudge_per_user_kind_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def icon(self) -> str:
        return self.LOOKS.get(self.kind, ("bell", "secondary"))[0]

    @property
    def colour(self) -> str:
        return self.LOOKS.get(self.kind, ("bell", "secondary"))[1]
