from __future__ import annotations

from django.db import models
from django.utils import timezone

from podium.lib.crypto import EncryptedTextField


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

    # Connection details, filled by the network's connect flow.
    instance_url = models.URLField(blank=True, help_text="Mastodon instance or Bluesky PDS.")
    remote_account_id = models.CharField(max_length=200, blank=True, help_text="Id or DID.")
    access_token = EncryptedTextField(blank=True, default="")
    refresh_token = EncryptedTextField(blank=True, default="")
    token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=300, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)
    max_chars = models.PositiveIntegerField(
        null=True, blank=True, help_text="The instance's own post length limit, when it has one."
    )

    class Meta:
        ordering = ["person", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "network", "handle"], name="one_account_per_handle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.handle}"

    @property
    def can_publish(self) -> bool:
        return self.status == self.Status.CONNECTED

    def token_expires_within(self, seconds: float) -> bool:
        if self.token_expires_at is None:
            return False
        return (self.token_expires_at - timezone.now()).total_seconds() < seconds


class OAuthApp(models.Model):
    """Podium's registration on one server (Mastodon registers an app per instance)."""

    network = models.CharField(max_length=16, choices=Network.choices)
    instance_url = models.URLField(blank=True)
    client_id = models.CharField(max_length=300)
    client_secret = EncryptedTextField(blank=True, default="")
    redirect_uri = models.URLField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "instance_url", "redirect_uri"], name="one_app_per_server"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} app on {self.instance_url or 'the network'}"
