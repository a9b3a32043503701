"""Post images stored before Podium checked them: each file is decoded, written again
(metadata gone) and renamed to a random name, for every attachment that uses it (kept images
share one file). An attachment whose file is not a JPEG, PNG, GIF or WebP image is deleted
with the file: such a file could only be on a draft (scheduling refused it), which then shows
no image. A missing file is left as it is (nothing to serve). Files already under a random
name were checked on upload and are left alone, so running this again changes nothing."""

from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

import podium.lib.images
from podium.lib import images


def check_images(apps, schema_editor):
    attachments = apps.get_model("publishing", "Attachment").objects.all()
    for name in set(attachments.values_list("file", flat=True)):
        if not name or images.is_random_name(name):
            continue
        try:
            stored = images.store_again(default_storage, name)
        except FileNotFoundError:
            continue
        rows = attachments.filter(file=name)
        if stored is None:
            rows.delete()
        else:
            new_name, checked = stored
            rows.update(file=new_name, mime_type=checked.mime_type, size=checked.size)
        transaction.on_commit(lambda name=name: default_storage.delete(name))


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0004_notifications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(upload_to=podium.lib.images.RandomName("posts/%Y/%m")),
        ),
        migrations.RunPython(check_images, migrations.RunPython.noop),
    ]
