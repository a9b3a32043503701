"""Cadence targets: how often each executive means to speak.

The table is still `publishing_cadencetarget`, where it was made before planning had its own
app, so an upgrade moves no data.
"""

from __future__ import annotations

from django.db import models


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

    class Meta:
        db_table = "publishing_cadencetarget"

    def __str__(self) -> str:
        return f"{self.person}: {self.posts_per_week}/week, {self.articles_per_month}/month"
