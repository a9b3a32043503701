"""The audit log as CSV or JSON, streamed row by row so a large log never sits in memory.

Each row carries its entry's hash and the previous entry's, so scripts/verify_audit_export.py
can check an export without Podium.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from podium.governance.models import AuditEntry

COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "via",
    "ip_address",
    "before",
    "after",
    "previous_hash",
    "hash",
)
CHUNK = 2000
# A spreadsheet treats a cell starting with one of these as a formula: never let data run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text starting with a formula character, or with the quote itself, gets one quote in front:
# so a reader (the verifying script) takes exactly one off any text that starts with a quote.
QUOTED_STARTS = (*FORMULA_STARTS, "'")


def entry_row(entry: AuditEntry) -> dict[str, Any]:
    """One entry as plain data, in COLUMNS order."""
    return {
        "id": entry.pk,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor_label or "Podium",
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "via": entry.via,
        "ip_address": entry.ip_address,
        "before": entry.before,
        "after": entry.after,
        "previous_hash": entry.previous_hash,
        "hash": entry.hash,
    }


def _rows(entries: QuerySet[AuditEntry]) -> Iterator[dict[str, Any]]:
    for entry in entries.iterator(chunk_size=CHUNK):
        yield entry_row(entry)


class _Line:
    """A file-like object whose write() hands back the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(QUOTED_STARTS) else text


def stream_csv(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for row in _rows(entries):
        yield writer.writerow([_cell(row[c]) for c in COLUMNS])


def stream_json(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """A JSON array of objects, written one object at a time."""
    yield "["
    first = True
    for row in _rows(entries):
        yield ("\n" if first else ",\n") + json.dumps(row, cls=DjangoJSONEncoder, sort_keys=False)
        first = False
    yield "\n]\n"


FORMATS: dict[str, tuple[str, Any]] = {
    "csv": ("text/csv; charset=utf-8", stream_csv),
    "json": ("application/json", stream_json),
}


def export_filename(fmt: str, stamp: str) -> str:
    return f"podium-audit-{stamp}.{fmt}"
