"""Cadence targets move from publishing to planning, table and rows untouched.

The table `publishing_cadencetarget` was made by publishing's migration 0003; this migration
only tells Django's state that the model now lives here (publishing 0009 removes it from
publishing's state), so an installation that upgrades keeps every executive's targets."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0001_initial"),
        ("publishing", "0008_publication_moves_to_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CadenceTarget",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("posts_per_week", models.PositiveSmallIntegerField(default=2)),
                        ("articles_per_month", models.PositiveSmallIntegerField(default=1)),
                        (
                            "nudges_enabled",
                            models.BooleanField(
                                default=True,
                                help_text="Remind the executive (in Podium and by email) when "
                                "behind.",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "person",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cadence_target",
                                to="org.person",
                            ),
                        ),
                    ],
                    options={"db_table": "publishing_cadencetarget"},
                ),
            ],
        ),
    ]
