"""Logos and photos stored before Podium checked pictures: each is decoded, written again
(metadata gone) and renamed to a random name; one that is not a PNG, JPEG or WebP picture is
removed and the field cleared (pages then show initials). Files already under a random name
were checked on upload and are left alone, so running this again changes nothing."""

from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

import podium.lib.images
from podium.lib import images

PICTURE_TYPES = (images.PNG, images.JPEG, images.WEBP)


def check_pictures(apps, schema_editor):
    for model, field in (("Organisation", "logo"), ("Person", "photo")):
        rows = apps.get_model("org", model).objects.exclude(**{field: ""})
        for name in set(rows.values_list(field, flat=True)):
            if images.is_random_name(name):
                continue
            try:
                stored = images.store_again(default_storage, name, accept=PICTURE_TYPES)
            except FileNotFoundError:
                stored = None
            rows.filter(**{field: name}).update(**{field: stored[0] if stored else ""})
            transaction.on_commit(lambda name=name: default_storage.delete(name))


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="logo",
            field=models.FileField(blank=True, upload_to=podium.lib.images.RandomName("org")),
        ),
        migrations.AlterField(
            model_name="person",
            name="photo",
            field=models.FileField(blank=True, upload_to=podium.lib.images.RandomName("people")),
        ),
        migrations.RunPython(check_pictures, migrations.RunPython.noop),
    ]
