import pytest
from django.db import DatabaseError, connection, transaction

from podium.governance import audit
from podium.governance.models import AppendOnlyError, AuditEntry


def test_it_records_who_what_and_the_change(alice, erin):
    person = erin.person
    before = audit.snapshot(person)
    person.title = "Chair"
    person.save()
    entry = audit.record(
        actor=alice,
        action="person.updated",
        target=person,
        before=before,
        after=audit.snapshot(person),
    )
    assert entry.actor_label == "alice@example.com"
    assert entry.target_type == "org.person"
    assert ("title", "Chief Executive Officer", "Chair") in entry.changes


def test_it_never_copies_secrets(alice):
    entry = audit.record(
        actor=alice, action="user.updated", target=alice, after=audit.snapshot(alice)
    )
    assert "password" not in entry.after
    assert entry.after["email"] == "alice@example.com"


def test_the_model_refuses_changes_and_deletes(alice):
    entry = audit.record(actor=alice, action="x.y", target=alice)
    entry.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_the_database_refuses_an_update_behind_podiums_back(alice):
    audit.record(actor=alice, action="x.y", target=alice)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_auditentry SET action = 'rewritten'")
    assert AuditEntry.objects.get().action == "x.y"
