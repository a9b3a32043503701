"""Advocates: the people who engage with the executives, the accounts they act from, and what
they did.

An `EngagementEvent` is one act (a like, a reply, a follow) by one `RemoteAccount` on one
network, about one executive and, where known, one publication or article. Events are
append-only and unique by (network, natural_key), so reading or importing the same thing twice
adds nothing. An `Advocate` is the human behind one or more accounts: every account starts as
its own advocate, and a communications manager merges accounts into one (or splits them again).

Sized for millions of events: the event table is narrow (ids, a kind, a time), every page
reads it through an index that starts with what it filters on (the account, the executive,
the time), and nothing in it is updated after it is written.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class Network(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    BLOG = "blog", "Blog"


class Kind(models.TextChoices):
    LIKE = "like", "Like"
    REPOST = "repost", "Repost"
    REPLY = "reply", "Reply"
    QUOTE = "quote", "Quote"
    MENTION = "mention", "Mention"
    FOLLOW = "follow", "Follow"
    BLOG_COMMENT = "blog_comment", "Blog comment"


class Advocate(models.Model):
    """One human behind one or more remote accounts."""

    name = models.CharField(max_length=200, help_text="As their first account shows it.")
    created_at = models.DateTimeField(default=timezone.now)
    # The earliest event of any of their accounts: when they became an advocate (a KPI).
    first_engaged_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or f"Advocate {self.pk}"


class RemoteAccount(models.Model):
    """An account on a network (or a blog commenter) that engaged with an executive."""

    network = models.CharField(max_length=16, choices=Network.choices)
    # The network's stable id: a Mastodon actor's URI, a Bluesky DID, an X user id; for the
    # blog, a digest of the commenter's e-mail address (which is never shown).
    remote_id = models.CharField(max_length=500)
    handle = models.CharField(max_length=300, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    profile_url = models.URLField(max_length=500, blank=True)
    # Links on the profile: [{"url": ..., "verified": bool}], verified = the network checked
    # that the page links back with rel=me (Mastodon's profile fields).
    links = models.JSONField(default=list, blank=True)
    advocate = models.ForeignKey(Advocate, on_delete=models.PROTECT, related_name="accounts")
    first_seen_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["network", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "remote_id"], name="advocates_account_unique_remote_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_network_display()})"

    @property
    def label(self) -> str:
        return self.handle or self.display_name or self.remote_id

    def verified_links(self) -> list[str]:
        return [link["url"] for link in self.links if link.get("verified")]

    def all_links(self) -> list[str]:
        return [link["url"] for link in self.links if link.get("url")]


def blog_commenter_id(email: str) -> str:
    """A blog commenter's stable id: their address, digested, so it is never stored plain."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class Source(models.TextChoices):
    CONNECTOR = "connector", "Read from the network"
    BLOG = "blog", "The blog"
    IMPORT = "import", "Imported file"
    DEMO = "demo", "Demo"


class EngagementEvent(models.Model):
    """One act of one account: append-only, unique by (network, natural_key)."""

    network = models.CharField(max_length=16, choices=Network.choices)
    # What makes this act itself, within the network: "like:<actor>:<post>", a reply's id.
    natural_key = models.CharField(max_length=600)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Their indexes lead the composite ones below, so none of their own.
    account = models.ForeignKey(
        RemoteAccount, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.CASCADE,
        related_name="engagement_events",
        help_text="The executive it concerns.",
        db_index=False,
    )
    publication = models.ForeignKey(
        "outbox.Publication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_events",
    )
    article = models.ForeignKey(
        "blog.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_events",
    )
    remote_post_id = models.CharField(max_length=500, blank=True, help_text="The post it concerns.")
    occurred_at = models.DateTimeField()
    # False when the network does not say when (Mastodon's favourited_by): the time first seen.
    time_known = models.BooleanField(default=True)
    text = models.CharField(max_length=500, blank=True, help_text="A reply's first words.")
    url = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    import_job = models.ForeignKey(
        "advocates.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "natural_key"], name="advocates_event_unique_natural_key"
            )
        ]
        indexes = [
            models.Index(fields=["account", "occurred_at"], name="advocates_event_account_at"),
            models.Index(fields=["person", "occurred_at"], name="advocates_event_person_at"),
            models.Index(fields=["occurred_at"], name="advocates_event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.account.label}"


class Cursor(models.Model):
    """Where reading one source for one channel account (or the blog) got to."""

    class Source(models.TextChoices):
        NOTIFICATIONS = "notifications", "Notifications"
        POSTS = "posts", "Likes, reposts and replies of recent posts"
        BLOG = "blog", "Blog comments"

    channel_account = models.ForeignKey(
        "channels.ChannelAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="advocate_cursors",
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    position = models.CharField(max_length=200, blank=True, help_text="The last id read.")
    read_at = models.DateTimeField(null=True, blank=True)
    # A network's rate limit said to wait: nothing is read from this source before then.
    not_before = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        # One cursor per source: per channel account, and one for the blog (no account).
        # Two conditional constraints, since SQLite has no NULLS NOT DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["channel_account", "source"],
                condition=models.Q(channel_account__isnull=False),
                name="advocates_cursor_unique_account_source",
            ),
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(channel_account__isnull=True),
                name="advocates_cursor_unique_source_without_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of {self.channel_account or 'the blog'}"


class ImportJob(models.Model):
    """A CSV or NDJSON file of engagement being imported, resumable from `position`."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        NDJSON = "ndjson", "NDJSON (one JSON object a line)"

    class State(models.TextChoices):
        CHECKING = "checking", "Checking"
        REFUSED = "refused", "Refused"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Done"

    file = models.FileField(upload_to="advocates/imports/")
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=Format.choices)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    rows_total = models.PositiveIntegerField(default=0)
    # Rows before this one (from 1) are imported; a worker that stops resumes from here.
    position = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    # [{"row": n, "column": name, "message": text}], the first MAX_ERRORS of them.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(100 * self.position / self.rows_total))

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.IMPORTING)


class MatchSuggestion(models.Model):
    """Two accounts that look like one person, for a communications manager to confirm."""

    class Reason(models.TextChoices):
        VERIFIED_LINK = "verified_link", "A verified profile link points at the other account"
        SAME_NAME_AND_LINK = "same_name_and_link", "The same name and the same profile link"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    first = models.ForeignKey(RemoteAccount, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(RemoteAccount, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=24, choices=Reason.choices)
    evidence = models.CharField(max_length=500, blank=True, help_text="The shared link.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="advocates_match_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.first.label} and {self.second.label}"
