"""The one way Podium records a state change.

Every action that changes state calls `record()` inside the same transaction as the change,
so the change and its audit entry are saved together or not at all. Each entry is chained to
the one before it (audit_chain.py); on PostgreSQL that makes transactions that record take
turns from their first record() until they commit, so keep network calls outside them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from podium.governance import audit_chain
from podium.governance.models import AuditEntry

# Never copied into the audit log, whatever model they sit on.
SECRET_FIELDS = frozenset(
    {"password", "digest", "secret", "token", "access_token", "refresh_token"}
)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as JSON-safe data (secrets left out)."""
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.attname if field.is_relation else field.name
        if name in SECRET_FIELDS or (wanted is not None and field.name not in wanted):
            continue
        data[field.name] = _json_safe(getattr(obj, name))
    for field in obj._meta.many_to_many:
        if (wanted is None or field.name in wanted) and obj.pk is not None:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def _json_safe(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    via: str = AuditEntry.Via.WEB,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. `actor` is a user, or None for Podium itself."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor_id=actor.pk if is_user else None,
        actor_label=(actor.email if is_user else "Podium"),
        action=action,
        target_type=target_type or (target._meta.label_lower if target is not None else ""),
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=(target_label or str(target))[:200] if target is not None else target_label,
        before=before,
        after=after,
        via=via,
        # As the database will store it, since the hash covers it: "" as None, IPv6 shortened.
        ip_address=AuditEntry._meta.get_field("ip_address").get_prep_value(ip_address) or None,
    )
    with transaction.atomic():
        audit_chain.seal(entry)
        entry.save(force_insert=True)
    return entry


@contextmanager
def changing(
    obj: models.Model,
    *,
    actor: Any,
    action: str,
    via: str = AuditEntry.Via.WEB,
    fields: Iterable[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Record the change the `with` block makes to `obj` and saves: one entry whose before and
    after are the object's snapshot (the same fields), as it was on entering the block and as
    it is on leaving it; a new object (no primary key yet) has no before. What the block puts
    in the dict it is given is added to after (what the change did beyond the object, such as
    the posts it held). Nothing is recorded when the block raises. Use it inside the action's
    transaction, like record()."""
    wanted = tuple(fields) if fields is not None else None
    before = snapshot(obj, wanted) if obj.pk is not None else None
    also: dict[str, Any] = {}
    yield also
    after = {**snapshot(obj, wanted), **also}
    record(actor=actor, action=action, target=obj, before=before, after=after, via=via)
