from __future__ import annotations

from django.db import models


class Network(models.TextChoices):
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    BLOG = "blog", "Podium blog"


class ChannelAccount(models.Model):
    """An executive's account on one network. Connecting it (OAuth, tokens) is Voice's work."""

    class Status(models.TextChoices):
        CONNECTED = "connected", "Connected"
        NEEDS_RECONNECT = "needs_reconnect", "Needs reconnecting"
        DISCONNECTED = "disconnected", "Not connected"
        DEMO = "demo", "Demo (never contacted)"

    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="channel_accounts"
    )
    network = models.CharField(max_length=16, choices=Network.choices)
    handle = models.CharField(max_length=200)
    profile_url = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DISCONNECTED)
    status_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "network", "handle"], name="one_account_per_handle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.handle}"
