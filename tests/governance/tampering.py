"""Changing the audit log behind Podium's back, as someone with write access to the database
could: drop the append-only trigger, then change, delete or swap rows with plain SQL.

Inside a test's transaction the dropped trigger comes back with the rollback.
"""

from __future__ import annotations

from django.db import connection

from podium.governance.models import AuditEntry


def drop_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER governance_auditentry_append_only ON governance_auditentry"
            )
        else:
            cursor.execute("DROP TRIGGER governance_auditentry_append_only")


def change(entry_id: int, column: str, value: object) -> None:
    drop_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE governance_auditentry SET {column} = %s WHERE id = %s",  # noqa: S608 - a test's own column name
            [value, entry_id],
        )


def delete(entry_id: int) -> None:
    drop_trigger()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_auditentry WHERE id = %s", [entry_id])


def swap(first_id: int, second_id: int) -> None:
    """Exchange two entries' ids, so each stands where the other was in the log."""
    drop_trigger()
    with connection.cursor() as cursor:
        for old, new in ((first_id, -1), (second_id, first_id), (-1, second_id)):
            cursor.execute("UPDATE governance_auditentry SET id = %s WHERE id = %s", [new, old])


# Each way of tampering with the five-entry log below, and the entry the check must name.
TAMPERINGS = {
    "a changed label": (lambda ids: change(ids[2], "target_label", "Someone else"), 2),
    "a changed time": (
        lambda ids: change(ids[3], "at", AuditEntry.objects.get(pk=ids[0]).at),
        3,
    ),
    "a removed entry": (lambda ids: delete(ids[2]), 3),
    "the first entry removed": (lambda ids: delete(ids[0]), 1),
    "two entries swapped": (lambda ids: swap(ids[1], ids[3]), 1),
}
