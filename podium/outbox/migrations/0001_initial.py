"""Publication moves from publishing to the outbox app. Only Django's idea of which app owns it
changes: the table (publishing_publication), its rows, indexes and constraints stay as they are,
so an existing installation migrates without moving data."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("channels", "0002_credentials"),
        ("publishing", "0007_publication_hold"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
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
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("held", "Waiting"),
                                    ("scheduled", "Scheduled"),
                                    ("claimed", "Sending"),
                                    ("sent", "Sent"),
                                    ("unknown", "Checking"),
                                    ("failed", "Failed"),
                                    ("cancelled", "Unscheduled"),
                                ],
                                default="held",
                                max_length=10,
                            ),
                        ),
                        (
                            "hold",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "Nothing"),
                                    ("executive_approval", "The executive's approval"),
                                    ("approval_step", "An approval step"),
                                    ("account_reconnect", "The account to be reconnected"),
                                    ("account_disconnected", "The account to be connected again"),
                                    ("demo_account", "Nothing: a demo account never sends"),
                                    ("paused", "Publishing to resume"),
                                ],
                                max_length=24,
                            ),
                        ),
                        ("due_at", models.DateTimeField(db_index=True)),
                        (
                            "idempotency_key",
                            models.CharField(default=uuid.uuid4, max_length=64, unique=True),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0)),
                        ("lease_until", models.DateTimeField(blank=True, null=True)),
                        ("claimed_by", models.CharField(blank=True, max_length=200)),
                        ("remote_id", models.CharField(blank=True, max_length=300)),
                        ("remote_url", models.URLField(blank=True, max_length=2000)),
                        ("remote_part_ids", models.JSONField(blank=True, default=list)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("error_kind", models.CharField(blank=True, max_length=20)),
                        ("last_error", models.TextField(blank=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "channel_account",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="publications",
                                to="channels.channelaccount",
                            ),
                        ),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="publications",
                                to="publishing.post",
                            ),
                        ),
                        (
                            "revision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="publications",
                                to="publishing.revision",
                            ),
                        ),
                        (
                            "variant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="publications",
                                to="publishing.variant",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "publishing_publication",
                        "ordering": ["due_at", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["state", "due_at"], name="publishing__state_0d68e1_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("revision", "channel_account"),
                                name="one_publication_per_account",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
