"""The idea portal: boards, ideas, votes, comments and official answers, statuses, and the
public's passwordless identities.

A vote counts once per identity per idea by a unique constraint in the database; an idea's
`vote_count` is recounted from the votes in the same transaction as every change to them, so
what the lists show is the database's count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

TITLE_MAX = 140
DESCRIPTION_MAX = 8000
COMMENT_MAX = 4000
NAME_MAX = 60


class Board(models.Model):
    """Where ideas are gathered: public (anyone reads it) or for staff signed in to Podium."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        STAFF = "staff", "Staff only"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Ideas submitted here wait for a comms manager's approval before they show.
    premoderated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Category(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Identity(models.Model):
    """A member of the public, known by an email address they proved they read (a one-time
    link). Mastodon and single sign-on identities come later; `email` is then optional."""

    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=NAME_MAX)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Part of the signed cookie: changing it signs every browser of this identity out.
    session_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class SignInLink(models.Model):
    """A one-time link sent by email; only its token's SHA-256 is stored."""

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-in link for {self.identity}"


class Status(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    STARTED = "started", "Started"
    LAUNCHED = "launched", "Launched"
    DECLINED = "declined", "Declined"
    DUPLICATE = "duplicate", "Duplicate"


ROADMAP = (Status.PLANNED, Status.STARTED, Status.LAUNCHED)
OPEN = (Status.NEW, Status.UNDER_REVIEW, Status.PLANNED, Status.STARTED)


class Moderation(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class Idea(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="ideas")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=DESCRIPTION_MAX, blank=True, help_text="Markdown.")
    description_html = models.TextField(editable=False, default="")
    # None once the author deleted their data: the idea stays, without their name.
    author = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    moderation = models.CharField(
        max_length=12, choices=Moderation.choices, default=Moderation.APPROVED
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    vote_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # When its first official answer showed (written by the executive or approved by them).
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-vote_count", "-created_at"]
        indexes = [
            models.Index(fields=["moderation", "-vote_count"], name="ideas_by_votes"),
            models.Index(fields=["moderation", "-created_at"], name="ideas_newest"),
            models.Index(fields=["status", "-vote_count"], name="ideas_by_status"),
            models.Index(fields=["category", "-vote_count"], name="ideas_by_category"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas-show-idea", args=[self.pk])

    def public_url(self) -> str:
        return settings.PODIUM_BASE_URL.rstrip("/") + self.get_absolute_url()

    @property
    def is_visible(self) -> bool:
        return self.moderation == Moderation.APPROVED

    @property
    def takes_comments(self) -> bool:
        return self.merged_into_id is None and self.status not in (
            Status.DECLINED,
            Status.DUPLICATE,
        )


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField()
    # Carried over from a duplicate merged into this idea: removed again if it is unmerged.
    via_merge = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="carried_votes"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "identity"], name="ideas_one_vote_each")
        ]
        indexes = [models.Index(fields=["created_at", "idea"], name="ideas_votes_trending")]

    def __str__(self) -> str:
        return f"Vote for {self.idea}"


class Follow(models.Model):
    """Someone who gets an email when the idea's status changes or it gets an official answer.
    Authors follow their own ideas; anyone signed in may follow or stop following."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "identity"], name="ideas_one_follow_each")
        ]

    def __str__(self) -> str:
        return f"{self.identity} follows {self.idea}"


class Comment(models.Model):
    """A comment by a member of the public, a staff comment, an internal note (staff only) or
    an official answer written by or for an executive (`person`), shown once it is theirs:
    written by them, or approved by them."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "Comment"
        STAFF = "staff", "Staff comment"
        NOTE = "note", "Internal note"
        OFFICIAL = "official", "Official answer"

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    identity = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField(max_length=COMMENT_MAX)
    body_html = models.TextField(editable=False, default="")
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["idea", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.idea}"

    @property
    def written_by_executive(self) -> bool:
        return self.person is not None and self.written_by_id == self.person.user_id

    @property
    def is_shown(self) -> bool:
        """Shown to the public: not hidden, not a note, and an official answer only once it is
        the executive's own."""
        if self.hidden or self.kind == self.Kind.NOTE:
            return False
        if self.kind == self.Kind.OFFICIAL:
            return self.written_by_executive or self.approved_at is not None
        return True


class StatusChange(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="history")
    old_status = models.CharField(max_length=16, choices=Status.choices)
    new_status = models.CharField(max_length=16, choices=Status.choices)
    message = models.TextField(max_length=COMMENT_MAX, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.old_status} → {self.new_status}"
