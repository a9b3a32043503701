"""Each audit entry is chained to the one before it, and `podium audit verify` says whether the
chain still holds or names the first entry that was changed, removed or moved."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest
from django.core.management import call_command

from podium.governance import audit, audit_chain
from podium.governance.audit_chain import GENESIS
from podium.governance.models import AuditEntry
from tests.governance.tampering import TAMPERINGS, delete


def run_verify(capsys, *args: str) -> tuple[int, str]:
    try:
        call_command("audit", "verify", *args)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, (out + err).strip()


def test_it_chains_each_entry_to_the_one_before(five_entries):
    entries = list(AuditEntry.objects.order_by("pk"))
    assert entries[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.hash
    assert len({e.hash for e in entries}) == 5


def test_the_hash_covers_the_content_as_stored(alice, carol):
    entry = audit.record(
        actor=alice, action="user.created", target=carol, after={"b": [1], "a": "x"}
    )
    stored = AuditEntry.objects.get(pk=entry.pk)
    content = {
        "at": stored.at.isoformat(timespec="microseconds"),
        "actor_id": alice.pk,
        "actor": "alice@example.com",
        "action": "user.created",
        "target_type": "accounts.user",
        "target_id": str(carol.pk),
        "target_label": str(carol),
        "before": None,
        "after": {"a": "x", "b": [1]},
        "via": "web",
        "ip_address": None,
        "previous_hash": GENESIS,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored.hash == entry.hash == hashlib.sha256(text.encode()).hexdigest()


def test_an_intact_log_verifies(capsys, five_entries):
    last = AuditEntry.objects.order_by("pk").last()
    assert run_verify(capsys) == (0, f"intact: 5 entries, last hash {last.hash}")


def test_an_empty_log_verifies(capsys, db):
    assert run_verify(capsys) == (0, f"intact: 0 entries, last hash {GENESIS}")


@pytest.mark.parametrize("how", TAMPERINGS)
def test_it_names_the_first_entry_tampered_with(capsys, five_entries, how):
    tamper, position = TAMPERINGS[how]
    tamper(five_entries)
    entry = AuditEntry.objects.get(pk=five_entries[position])

    code, output = run_verify(capsys)

    assert code == 1
    assert output.startswith(f"broken: entry #{entry.pk} ({entry.at:%Y-%m-%d %H:%M:%S} UTC) "), (
        output
    )
    if how.startswith("a changed"):
        assert output.endswith("was changed: its content no longer matches its hash")
    elif how == "the first entry removed":
        assert output.endswith("the entries before it were removed")
    else:
        just_before = AuditEntry.objects.filter(pk__lt=entry.pk).order_by("pk").last()
        assert f"does not follow entry #{just_before.pk}: an entry between them" in output


def test_a_known_hash_catches_a_log_cut_back(capsys, five_entries):
    newest = AuditEntry.objects.get(pk=five_entries[-1])
    assert run_verify(capsys, "--known-hash", newest.hash)[0] == 0

    delete(newest.pk)  # the newest entry: what is left still holds together
    assert run_verify(capsys)[0] == 0
    code, output = run_verify(capsys, "--known-hash", newest.hash)
    assert code == 1
    assert "no entry has the hash you gave; the 4 entries hold together" in output


def test_the_chain_is_a_database_rule(five_entries):
    """A second entry after the same one is refused, whoever writes it."""
    from django.db import IntegrityError, transaction

    first = AuditEntry.objects.get(pk=five_entries[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(action="x.y", previous_hash=first.previous_hash, hash="f" * 64)


@pytest.mark.parametrize("how", [None, *TAMPERINGS])
def test_it_reads_the_log_in_chunks_and_links_across_them(capsys, monkeypatch, five_entries, how):
    monkeypatch.setattr(audit_chain, "CHUNK", 2)
    if how is None:
        assert run_verify(capsys)[1].startswith("intact: 5 entries")
        return
    tamper, position = TAMPERINGS[how]
    tamper(five_entries)
    code, output = run_verify(capsys)
    assert (code, output.split(" (")[0]) == (1, f"broken: entry #{five_entries[position]}")
