"""Notifications move from publishing to their own app, table and rows untouched.

The table `publishing_nudge` was made by publishing's migrations 0003 and 0004; this
migration only tells Django's state that the model now lives here (publishing 0006 removes it
from publishing's state), so an installation that upgrades keeps every notification."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0001_initial"),
        ("publishing", "0005_images_checked_random_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Nudge",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("behind", "Behind on cadence"),
                                    ("awaiting_approval", "Awaiting your approval"),
                                    ("approved", "Approved"),
                                    ("publication_failed", "Publication failed"),
                                ],
                                default="behind",
                                max_length=20,
                            ),
                        ),
                        ("message", models.TextField()),
                        (
                            "link",
                            models.CharField(
                                blank=True,
                                help_text="Path of the page to act on, e.g. /posts/12/edit/.",
                                max_length=500,
                            ),
                        ),
                        (
                            "key",
                            models.CharField(
                                blank=True, help_text="What it is about, for dedup.", max_length=100
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="nudges",
                                to="org.person",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="nudges",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "publishing_nudge",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["person", "kind", "created_at"],
                                name="publishing__person__e3d972_idx",
                            ),
                            models.Index(fields=["user", "read_at"], name="nudge_user_unread"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("key", ""), _negated=True),
                                fields=("user", "kind", "key"),
                                name="one_nudge_per_user_kind_key",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
