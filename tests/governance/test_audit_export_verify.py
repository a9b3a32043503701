"""scripts/verify_audit_export.py checks a CSV or JSON export with Python alone: an intact
export passes, and a log tampered with in the database, or an export edited afterwards, fails
at the right entry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from podium.governance import audit
from podium.governance.models import AuditEntry
from tests.governance.tampering import TAMPERINGS

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "verify_audit_export.py"


@pytest.fixture
def export(client, alice, tmp_path):
    """Download the export as alice and save it; returns a function of the format."""

    def download(fmt: str, **filters: str) -> Path:
        client.force_login(alice)
        response = client.get(reverse("governance-export-audit", args=[fmt]), filters)
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(b"".join(response.streaming_content))
        return path

    return download


def check(path: Path, *args: str) -> tuple[int, str]:
    # Run as an outsider would: a bare interpreter in another directory, no Podium on the path.
    done = subprocess.run(  # noqa: S603 - our own script, run with this interpreter
        [sys.executable, "-I", str(SCRIPT), *args, str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=60,
    )
    return done.returncode, (done.stdout + done.stderr).strip()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_intact_export_verifies(export, five_entries, fmt):
    last = AuditEntry.objects.order_by("pk").last()
    assert check(export(fmt)) == (0, f"intact: 5 entries, last hash {last.hash}")
    assert check(export(fmt), "--known-hash", last.hash)[0] == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("how", TAMPERINGS)
def test_it_names_the_first_entry_tampered_with_in_the_database(export, five_entries, fmt, how):
    tamper, position = TAMPERINGS[how]
    tamper(five_entries)
    code, output = check(export(fmt))
    assert code == 1
    assert output.startswith(f"broken: entry #{five_entries[position]} ("), output


def test_an_export_edited_afterwards_fails(export, five_entries):
    path = export("json")
    rows = json.loads(path.read_text())
    rows[-1]["actor"] = "someone@example.com"  # the oldest entry: exports list the newest first
    path.write_text(json.dumps(rows))
    code, output = check(path)
    assert code == 1
    assert output.startswith(f"broken: entry #{five_entries[0]} (")
    assert output.endswith("was changed: its content no longer matches its hash")


def test_text_that_a_spreadsheet_would_run_verifies_from_csv(export, carol):
    for label in ('=HYPERLINK("http://evil")', "'quoted", "''=both", "+1", "@me", "\tTab"):
        audit.record(actor=carol, action="x.y", target_label=label)
    assert check(export("csv"))[1].startswith("intact: 6 entries")


def test_a_filtered_export_is_checked_entry_by_entry(export, five_entries):
    path = export("json", actor="carol")
    code, output = check(path)
    assert code == 1
    assert "or the export was filtered" in output
    assert check(path, "--entries-only") == (0, "intact: each of 2 entries matches its hash")


def test_a_file_that_is_not_an_export_is_explained(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name,age\nalice,40\n")
    code, output = check(path)
    assert code == 2
    assert output.startswith(f"cannot read {path} as a Podium audit export")
