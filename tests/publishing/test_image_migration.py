"""The migration that checks post images, logos and photos stored before Podium checked them:
files saved the old way (original names, any content) are written again under random names,
or removed when they are not pictures, and running it twice changes nothing more."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from PIL import Image

from podium.org.models import Organisation, Person
from podium.publishing.models import Attachment
from tests.publishing.composing import draft

pytestmark = pytest.mark.django_db
post_images = importlib.import_module(
    "podium.publishing.migrations.0005_images_checked_random_names"
)
pictures = importlib.import_module("podium.org.migrations.0002_pictures_checked_random_names")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (30, 20), (10, 120, 60))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (38.0, 42.0, 51.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def old_way(name: str, content: bytes) -> str:
    """Saved as Podium did before: the name the browser sent, whatever the content."""
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def run_migrations() -> None:
    # No schema editor is needed: both steps only read and write rows and files.
    post_images.check_images(apps, None)
    pictures.check_pictures(apps, None)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_old_files_are_checked_renamed_or_removed(erin, media, django_capture_on_commit_callbacks):
    post = draft(erin, erin.person, networks=("mastodon",))
    variant = post.latest_revision.variants.get()
    photo = old_way("posts/2026/11/erin at home.jpg", jpeg_with_gps())
    script = old_way("posts/2026/11/evil.js", b"fetch('/api/users/2', {method: 'PATCH'})")
    kept = [
        Attachment.objects.create(variant=variant, file=photo, mime_type="image/jpeg", size=9),
        Attachment.objects.create(variant=variant, file=photo, mime_type="image/jpeg", size=9),
    ]
    Attachment.objects.create(variant=variant, file=script, mime_type="text/javascript", size=1)
    org = Organisation.current()
    org.logo = old_way("org/page.html", b"<html><script>alert(1)</script></html>")
    org.save()
    person = Person.objects.get(pk=erin.person.pk)
    person.photo = old_way("people/erin.jpg", jpeg_with_gps())
    person.save()

    with django_capture_on_commit_callbacks(execute=True):
        run_migrations()

    (first, second) = Attachment.objects.filter(pk__in=[a.pk for a in kept])
    assert first.file.name == second.file.name  # kept images still share one file
    assert first.file.name.startswith("posts/2026/11/") and first.file.name.endswith(".jpg")
    assert "erin" not in first.file.name and first.size == first.file.size
    assert dict(Image.open(first.file.path).getexif()) == {}
    assert Attachment.objects.count() == 2  # the script's row went with the script
    assert not Organisation.current().logo
    renamed = Person.objects.get(pk=person.pk).photo
    assert renamed.name.startswith("people/") and "erin" not in renamed.name
    stored = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    assert stored == sorted([first.file.name, renamed.name])

    with django_capture_on_commit_callbacks(execute=True):
        run_migrations()  # again: nothing left to do
    assert Attachment.objects.get(pk=first.pk).file.name == first.file.name
    assert Person.objects.get(pk=person.pk).photo.name == renamed.name
    assert sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) == stored


def test_a_missing_file_is_left_alone(erin, media, django_capture_on_commit_callbacks):
    variant = draft(erin, erin.person, networks=("mastodon",)).latest_revision.variants.get()
    gone = Attachment.objects.create(
        variant=variant, file="posts/2026/11/gone.png", mime_type="image/png", size=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_migrations()
    assert Attachment.objects.get(pk=gone.pk).file.name == "posts/2026/11/gone.png"
