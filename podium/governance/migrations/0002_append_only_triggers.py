"""Refuse UPDATE (and on PostgreSQL DELETE) of audit rows in the database itself.

SQLite gets no DELETE trigger: Django's test flush empties tables with DELETE, and a SQLite
installation is a single-machine demo; the model still refuses deletes.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER governance_auditentry_append_only
BEFORE UPDATE ON governance_auditentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS governance_auditentry_append_only;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION governance_audit_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER governance_auditentry_append_only
BEFORE UPDATE OR DELETE ON governance_auditentry
FOR EACH ROW EXECUTE FUNCTION governance_audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS governance_auditentry_append_only ON governance_auditentry;
DROP FUNCTION IF EXISTS governance_audit_append_only();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
