"""The audit log's hash chain: what each entry's hash covers, and checking the whole chain.

Every entry stores `hash`, the SHA-256 of its content in a canonical form (`canonical_json`)
that includes `previous_hash`, the hash of the entry before it (GENESIS for the first). So an
entry whose content is changed no longer matches its hash, and an entry removed or moved leaves
the entry after it pointing at a hash that is not the one before it. `verify()` walks the
chain in id order, in chunks, and names the first entry where either happens.

A chain proves nothing against someone who rewrites it from some entry to the end: keep the
last hash (printed by `podium audit verify`, carried in every export) somewhere else too.

The format is fixed: scripts/verify_audit_export.py repeats it with the standard library only,
and tests/governance keeps both in step. Changing it means a migration that re-hashes the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from podium.governance.models import AuditEntry

GENESIS = "0" * 64
# The stored columns an entry's hash covers, in the names of AuditEntry's fields.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "via",
    "ip_address",
    "previous_hash",
)
CHUNK = 2000
# pg_advisory_xact_lock's key for "appending to the audit log" ('podium' in ASCII).
POSTGRES_LOCK = 0x706F6469756D


def _plain(value: Any) -> Any:
    """JSON data as it comes back from either database: PostgreSQL's jsonb stores numbers as
    decimals, so 1e16 returns as the integer 10000000000000000 and -0.0 as 0.0."""
    if isinstance(value, float):
        if value == 0:
            return 0.0
        if value.is_integer() and abs(value) >= 1e16:
            return int(value)
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def content(values: Mapping[str, Any]) -> dict[str, Any]:
    """What the hash covers, from an entry's stored values (HASHED_FIELDS)."""
    return {
        "at": _utc(values["at"]),
        "actor_id": values["actor_id"],
        # Entries written before record() named Podium may have an empty label: the same actor.
        "actor": values["actor_label"] or "Podium",
        "action": values["action"],
        "target_type": values["target_type"],
        "target_id": values["target_id"],
        "target_label": values["target_label"],
        "before": _plain(json.loads(json.dumps(values["before"]))),
        "after": _plain(json.loads(json.dumps(values["after"]))),
        "via": values["via"],
        "ip_address": values["ip_address"] or None,
        "previous_hash": values["previous_hash"],
    }


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def hash_of(values: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of an entry's content, `previous_hash` included."""
    return hashlib.sha256(canonical_json(content(values)).encode()).hexdigest()


def stored_values(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def seal(entry: AuditEntry) -> None:
    """Chain an unsaved entry to the newest one: call inside the transaction that saves it.

    On PostgreSQL a transaction-scoped advisory lock makes concurrent writers take turns until
    each commits, so no two entries chain to the same one. SQLite has one writer at a time and
    refuses to write from a snapshot older than the last commit, so it needs no lock. On both,
    previous_hash is unique: a fork would be refused, never stored.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POSTGRES_LOCK])
    entry.at = timezone.now()  # after the wait, so times follow the chain's order
    newest = AuditEntry.objects.order_by("-pk").values_list("hash", flat=True).first()
    entry.previous_hash = newest or GENESIS
    entry.hash = hash_of(stored_values(entry))


# --- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold."""

    entry_id: int
    at: dt.datetime
    changed: bool  # its content no longer matches its hash
    after_id: int | None  # the entry before it in the log, if any

    @property
    def problem(self) -> str:
        if self.changed:
            return "was changed: its content no longer matches its hash"
        if self.after_id is None:
            return "is not the first entry of the chain: the entries before it were removed"
        return (
            f"does not follow entry #{self.after_id}: an entry between them was removed, "
            "or entries were moved"
        )


@dataclass(frozen=True)
class Verdict:
    checked: int
    last_hash: str  # of the last entry that holds
    broken: Break | None
    seconds: float
    known_hash_missing: bool = False

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.known_hash_missing

    @property
    def summary(self) -> str:
        if self.known_hash_missing:
            return (
                f"broken: no entry has the hash you gave; the {self.checked} entries hold "
                "together, so the log was cut back or rewritten since that hash was noted"
            )
        if self.broken is None:
            return f"intact: {self.checked} entries, last hash {self.last_hash}"
        b = self.broken
        return f"broken: entry #{b.entry_id} ({b.at:%Y-%m-%d %H:%M:%S} UTC) {b.problem}"


def _in_id_order() -> Iterator[dict[str, Any]]:
    """Every entry's stored values and id, oldest first, CHUNK rows per query."""
    last = 0
    while True:
        rows = list(
            AuditEntry.objects.filter(pk__gt=last)
            .order_by("pk")
            .values("pk", "hash", *HASHED_FIELDS)[:CHUNK]
        )
        yield from rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]["pk"]


def verify(known_hash: str = "") -> Verdict:
    """Check every entry against its hash and the one before it; stop at the first break.

    With `known_hash` (a last hash noted earlier), the chain must also still hold that entry:
    a log rewritten or cut back from before it fails although it is consistent in itself."""
    started = time.monotonic()
    previous, previous_id, checked, found = GENESIS, None, 0, not known_hash
    for values in _in_id_order():
        changed = hash_of(values) != values["hash"]
        if changed or values["previous_hash"] != previous:
            broken = Break(values["pk"], values["at"].astimezone(dt.UTC), changed, previous_id)
            return Verdict(checked, previous, broken, time.monotonic() - started)
        previous, previous_id, checked = values["hash"], values["pk"], checked + 1
        found = found or previous == known_hash
    return Verdict(
        checked, previous, None, time.monotonic() - started, known_hash_missing=not found
    )
