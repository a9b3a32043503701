"""Chain the audit log by hashes: each entry gets its content's SHA-256 and the one before it's.

Existing entries are chained in id order. The append-only trigger refuses the UPDATE that
needs, and SQLite's rebuild of the table for the new columns drops it anyway: so it is dropped
first and created again last, inside this migration's transaction.
"""

from django.db import migrations, models

from podium.governance import audit_chain

CHUNK = 2000
TRIGGER_SQL = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS governance_auditentry_append_only;",
        """CREATE TRIGGER governance_auditentry_append_only
        BEFORE UPDATE ON governance_auditentry
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    ),
    # 0002's function stays; only the trigger that calls it goes and comes back.
    "postgresql": (
        "DROP TRIGGER IF EXISTS governance_auditentry_append_only ON governance_auditentry;",
        """CREATE TRIGGER governance_auditentry_append_only
        BEFORE UPDATE OR DELETE ON governance_auditentry
        FOR EACH ROW EXECUTE FUNCTION governance_audit_append_only();""",
    ),
}


def drop_trigger(apps, schema_editor):
    sql = TRIGGER_SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql[0])


def create_trigger(apps, schema_editor):
    sql = TRIGGER_SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql[0])
        schema_editor.execute(sql[1])


def chain_existing(apps, schema_editor):
    entry_model = apps.get_model("governance", "AuditEntry")
    entries = entry_model.objects.using(schema_editor.connection.alias)
    previous, last = audit_chain.GENESIS, 0
    while True:
        rows = list(
            entries.filter(pk__gt=last)
            .order_by("pk")
            .values("pk", *(f for f in audit_chain.HASHED_FIELDS if f != "previous_hash"))[:CHUNK]
        )
        sealed = []
        for values in rows:
            values["previous_hash"] = previous
            previous = audit_chain.hash_of(values)
            sealed.append(
                entry_model(pk=values["pk"], previous_hash=values["previous_hash"], hash=previous)
            )
        entries.bulk_update(sealed, ["previous_hash", "hash"], batch_size=500)
        if len(rows) < CHUNK:
            return
        last = rows[-1]["pk"]


class Migration(migrations.Migration):
    dependencies = [("governance", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_trigger, create_trigger),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
