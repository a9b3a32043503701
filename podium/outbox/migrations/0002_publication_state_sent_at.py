from django.db import migrations, models


class Migration(migrations.Migration):
    """An index for reading sent publications by their sent time (cadence's weeks and months)."""

    dependencies = [
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["state", "sent_at"], name="publishing__state_a67031_idx"),
        ),
    ]
