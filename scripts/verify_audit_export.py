#!/usr/bin/env python3
"""Verify a Podium audit log export (CSV or JSON) without Podium: Python 3.11+, nothing else.

    python3 verify_audit_export.py podium-audit-20261123-081407.json
    python3 verify_audit_export.py --known-hash 3f9a... podium-audit-20261123-081407.csv

Each entry's hash is the SHA-256 of its content (the JSON below, keys sorted, no spaces) and
covers the hash of the entry before it; the first entry follows 64 zeros. Prints "intact: N
entries, last hash ..." and exits 0, or names the first entry that was changed, removed or moved
and exits 1. Export the whole log, without filters: a filtered export leaves entries out, which
looks the same as removing them (`--entries-only` then checks each entry on its own).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
TEXT = ("actor", "action", "target_type", "target_id", "target_label", "via")


def plain(value: Any) -> Any:
    """Numbers as either database returns them (1e16 as an integer, -0.0 as 0.0)."""
    if isinstance(value, float):
        if value == 0:
            return 0.0
        return int(value) if value.is_integer() and abs(value) >= 1e16 else value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def content(row: dict[str, Any]) -> dict[str, Any]:
    at = dt.datetime.fromisoformat(row["at"]).astimezone(dt.UTC)
    return {
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": row["actor_id"],
        "actor": row["actor"],
        "action": row["action"],
        "target_type": row["target_type"],
        "target_id": row["target_id"],
        "target_label": row["target_label"],
        "before": plain(row["before"]),
        "after": plain(row["after"]),
        "via": row["via"],
        "ip_address": row["ip_address"] or None,
        "previous_hash": row["previous_hash"],
    }


def hash_of(row: dict[str, Any]) -> str:
    text = json.dumps(content(row), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def from_csv(path: Path) -> list[dict[str, Any]]:
    """CSV cells back to values: empty is null; Podium put one quote before any text starting
    with a quote or a formula character (=, +, -, @), which comes off again here."""
    rows = []
    with path.open(newline="", encoding="utf-8") as file:
        for cells in csv.DictReader(file):
            row: dict[str, Any] = dict(cells)
            for name in TEXT:
                row[name] = row[name][1:] if row[name].startswith("'") else row[name]
            row["id"] = int(row["id"])
            row["actor_id"] = int(row["actor_id"]) if row["actor_id"] else None
            for name in ("before", "after"):
                row[name] = json.loads(row[name]) if row[name] else None
            rows.append(row)
    return rows


def load(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    rows = json.loads(text) if text.lstrip().startswith("[") else from_csv(path)
    return sorted(rows, key=lambda row: row["id"])  # exports list the newest first


def verify(rows: list[dict[str, Any]], entries_only: bool, known_hash: str) -> tuple[bool, str]:
    previous, previous_id = GENESIS, None
    for row in rows:
        where = f"entry #{row['id']} ({row['at']})"
        if hash_of(row) != row["hash"]:
            return False, f"broken: {where} was changed: its content no longer matches its hash"
        if not entries_only and row["previous_hash"] != previous:
            if previous_id is None:
                return False, (
                    f"broken: {where} is not the first entry of the chain: the entries before "
                    "it were removed (or the export was filtered)"
                )
            return False, (
                f"broken: {where} does not follow entry #{previous_id}: an entry between them "
                "was removed, or entries were moved (or the export was filtered)"
            )
        previous, previous_id = row["hash"], row["id"]
    if known_hash and known_hash not in {row["hash"] for row in rows}:
        return False, (
            f"broken: no entry has the hash you gave; the {len(rows)} entries hold together, "
            "so the log was cut back or rewritten since that hash was noted"
        )
    if entries_only:
        return True, f"intact: each of {len(rows)} entries matches its hash"
    return True, f"intact: {len(rows)} entries, last hash {previous}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path, help="a .csv or .json export of Podium's audit log")
    parser.add_argument("--known-hash", default="", help="a last hash noted earlier")
    parser.add_argument(
        "--entries-only",
        action="store_true",
        help="check each entry's own hash only (for a filtered export)",
    )
    args = parser.parse_args(argv)
    try:
        rows = load(args.export)
    except (OSError, ValueError, KeyError) as error:
        sys.stderr.write(f"cannot read {args.export} as a Podium audit export: {error}\n")
        return 2
    ok, message = verify(rows, args.entries_only, args.known_hash.strip().lower())
    (sys.stdout if ok else sys.stderr).write(message + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
