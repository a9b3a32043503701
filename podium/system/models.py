from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """Written by each worker process every minute; the status page reads it."""

    worker = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker} at {self.beat_at:%H:%M:%S}"
