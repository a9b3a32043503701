"""Short links and their clicks.

A ShortLink sends `GET /l/<code>` to one stored destination; it belongs to a publication (made
when the publication goes out, one per link in its text or card) or to nobody (made by hand for
a talk or a newsletter). A Click is one answered request, classified (a person, a crawler, a
link-preview fetcher, a HEAD or prefetch); only a person's first click on a link in an hour is
counted. Visitors are kept only as a hash whose salt changes every day.
"""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone

ALPHABET = string.ascii_letters + string.digits  # base62
CODE_LENGTH = 7  # 62**7 ≈ 3.5e12 codes: not guessable, short enough to read aloud
CODE_MAX = 16
DESTINATION_MAX = 2000


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


class ShortLink(models.Model):
    code = models.CharField(max_length=CODE_MAX, unique=True, default=new_code)
    destination = models.URLField(max_length=DESTINATION_MAX)
    # The link as it was written in the post (the destination adds the UTM parameters).
    source_url = models.URLField(max_length=DESTINATION_MAX, blank=True)
    publication = models.ForeignKey(
        "outbox.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="short_links",
    )
    post = models.ForeignKey(
        "publishing.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    network = models.CharField(max_length=16, blank=True)
    label = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A publication's links are made once: a retry finds them again.
            models.UniqueConstraint(
                fields=["publication", "source_url"],
                condition=models.Q(publication__isnull=False),
                name="one_short_link_per_publication_link",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.code

    @property
    def is_by_hand(self) -> bool:
        return self.publication_id is None and self.post_id is None

    def short_url(self) -> str:
        return f"{settings.PODIUM_LINK_BASE_URL}{self.code}"


class Click(models.Model):
    class Kind(models.TextChoices):
        HUMAN = "human", "People"
        BOT = "bot", "Bots and crawlers"
        PREVIEW = "preview", "Link-preview fetchers"
        HEAD_PREFETCH = "head_prefetch", "HEAD and prefetch requests"

    link = models.ForeignKey(ShortLink, on_delete=models.CASCADE, related_name="clicks")
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # A person's first click on this link in this hour (what the counts count).
    counted = models.BooleanField(default=False)
    # SHA-256 of the day's salt, the address and the user agent: the salt is thrown away.
    visitor = models.CharField(max_length=64)
    referrer_origin = models.CharField(max_length=200, blank=True)
    # Made when the redirect answered: travels to the destination as `pd` (for conversions)
    # and makes writing a batch twice add nothing.
    click_id = models.CharField(max_length=32, unique=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["link", "at"]), models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.link} at {self.at:%Y-%m-%d %H:%M}"
