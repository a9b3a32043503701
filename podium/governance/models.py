from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    pass


class AuditEntry(models.Model):
    """One state change: who did what to which object, when, and the values before and after.

    Rows are never changed or deleted: the model refuses, and a database trigger refuses too
    (see the migration), so neither Podium's code nor a stray SQL statement rewrites history.
    Each entry is chained to the one before it by hashes (governance/audit_chain.py), so
    someone who drops the trigger and rewrites a row is found out by `podium audit verify`.
    """

    class Via(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        CLI = "cli", "Command line"
        WORKER = "worker", "Background worker"
        SYSTEM = "system", "System"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No foreign key: a user's removal must neither block nor rewrite their history.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.WEB)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # SHA-256 (hex) of the entry before it (audit_chain.GENESIS for the first), and of this
    # entry's content with that hash. Unique: two entries can never follow the same one.
    previous_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:  # loaded from the database, or saved once already
            raise AppendOnlyError("The audit log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit log is append-only: entries cannot be deleted.")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def changes_shown(self) -> list[tuple[str, str, str]]:
        """`changes` as the audit page shows them: text as is, other values as JSON."""
        return [(field, _shown(before), _shown(after)) for field, before, after in self.changes]


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# Objectives live in their own module; imported here so that Django finds the model.
from podium.governance.chains import (  # noqa: E402, F401
    Approval,
    ApprovalRun,
    Chain,
    ChainStep,
    Review,
)
from podium.governance.objectives import Objective  # noqa: E402, F401
