"""Administrators check the audit chain on a page linked from the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.governance.models import AuditEntry
from tests.governance.tampering import TAMPERINGS

VERIFY = reverse("governance-verify-audit")
LOG = reverse("governance-list-audit")


def test_an_administrator_sees_an_intact_log_and_its_last_hash(client, alice, five_entries):
    client.force_login(alice)
    page = client.get(VERIFY).content.decode()
    assert "The audit log is intact" in page
    assert "All 5 entries match their hashes" in page
    assert AuditEntry.objects.order_by("pk").last().hash in page


@pytest.mark.parametrize("how", TAMPERINGS)
def test_it_names_the_first_entry_tampered_with(client, alice, five_entries, how):
    tamper, position = TAMPERINGS[how]
    tamper(five_entries)
    client.force_login(alice)

    page = client.get(VERIFY).content.decode()

    assert "The audit log has been tampered with" in page
    assert f"Entry #{five_entries[position]}, recorded " in page
    assert "The audit log is intact" not in page


def test_the_audit_log_links_to_it_for_administrators_only(client, alice, carol, arthur):
    client.force_login(alice)
    assert VERIFY in client.get(LOG).content.decode()
    for reader in (carol, arthur):
        client.force_login(reader)
        assert VERIFY not in client.get(LOG).content.decode()
        assert client.get(VERIFY).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
