"""`CadenceTarget` now belongs to the planning app (its migration 0001): publishing forgets the
model while its table and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0008_publication_moves_to_outbox"),
        ("planning", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="CadenceTarget")],
        ),
    ]
