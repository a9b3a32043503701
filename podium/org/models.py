from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify

from podium.lib.images import RandomName

# Offered in forms; not model choices, so a tzdata update never needs a migration.
TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]
hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Use a colour like #1f6feb: a # followed by six hex digits."
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"{value!r} is not a time zone Podium knows: use a name such as Europe/London."
        )


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """The time zone called `name`; UTC when it is empty or unknown (a zone removed from tzdata
    after it was saved), so a page or a schedule never fails on a person's setting."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class Organisation(models.Model):
    """The one organisation this installation serves."""

    name = models.CharField(max_length=120)
    logo = models.FileField(upload_to=RandomName("org"), blank=True)  # by images.intake()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    brand_colour = models.CharField(max_length=7, default="#1f6feb", validators=[hex_colour])
    require_two_factor = models.BooleanField(
        default=False, help_text="Everyone must sign in with a TOTP code."
    )

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.timezone)

    @property
    def brand_rgb(self) -> str:
        """The brand colour as "r, g, b" for CSS variables that need the channels."""
        value = self.brand_colour.lstrip("#")
        return ", ".join(str(int(value[i : i + 2], 16)) for i in (0, 2, 4))

    @classmethod
    def installed(cls) -> Organisation | None:
        """The installation's organisation, or None before one is set up."""
        return cls.objects.order_by("pk").first()

    @classmethod
    def current(cls) -> Organisation:
        """The installation's organisation, created with a placeholder name on first use."""
        org = cls.objects.order_by("pk").first()
        return org or cls.objects.create(name="Your organisation")


class Person(models.Model):
    """An executive who speaks for the organisation (a spokesperson on the roster)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=120)
    photo = models.FileField(upload_to=RandomName("people"), blank=True)  # by images.intake()
    bio = models.TextField(blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The executive's own sign-in, if they have one.",
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Delegation",
        related_name="acts_for",
        blank=True,
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def people_acting(self) -> list[Any]:
        """The executive (when they have a sign-in) and everyone who acts for them."""
        users = [self.user] if self.user_id else []
        users += [d.user for d in self.delegations.select_related("user")]
        return users

    def signs_in_as(self, user: object) -> bool:
        """True if `user` is this executive's own sign-in (who approves what is in their name)."""
        return self.user_id is not None and getattr(user, "pk", None) == self.user_id

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The executive's own time zone: their slots, weeks and "09:30" mean local time."""
        return zone_named(self.timezone)

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p[:1].isalpha()]
        return "".join(p[0] for p in (parts[:1] + parts[-1:] if len(parts) > 1 else parts)).upper()


def unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "person"
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Delegation(models.Model):
    """A user who acts for an executive: drafts for them, manages their channels."""

    class Kind(models.TextChoices):
        ASSISTANT = "assistant", "Assistant"
        COMMS = "comms", "Communications"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ASSISTANT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="one_delegation_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.person} ({self.get_kind_display()})"
