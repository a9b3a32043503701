"""Audit entries shared by the hash chain's tests (tampering.py changes them)."""

from __future__ import annotations

import pytest

from podium.governance import audit


@pytest.fixture
def five_entries(alice, carol, erin) -> list[int]:
    """A short history by alice and carol, oldest first; the entries' ids."""
    person = erin.person
    entries = [
        audit.record(actor=alice, action="user.created", target=carol, after={"role": "comms"}),
        audit.record(
            actor=carol,
            action="person.updated",
            target=person,
            before={"title": "CEO"},
            after={"title": "Chair"},
            ip_address="2001:0db8:0000::0001",
        ),
        audit.record(actor=carol, action="person.updated", target=person, after={"n": 1e16}),
        audit.record(actor=None, action="publication.claimed", target_label="-1 Quarterly"),
        audit.record(
            actor=alice, action="user.updated", target=alice, after={"name": "Alice Ädmin"}
        ),
    ]
    return [entry.pk for entry in entries]
