"""Uploads of every dangerous type, through every way in (compose, CSV import, logo, photo),
and how stored files are served: nothing but a checked picture is kept, under a random name,
and a draft's images reach only those who may see the draft."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from podium.channels.models import ChannelAccount
from podium.org.models import Organisation, Person
from podium.outbox.models import Publication
from podium.planning import csv_import
from podium.publishing.models import Attachment, Post
from tests.publishing.composing import draft, erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
NOT_AN_IMAGE = "This file is not a JPEG, PNG, GIF or WebP image: choose one that is."
NOT_A_PICTURE = "This file is not a PNG, JPEG or WebP image: choose one that is."
BY = "\N{MULTIPLICATION SIGN}"
RANDOM_NAME = re.compile(r"^(posts/\d{4}/\d{2}|org|people)/[0-9a-f]{32}\.(jpg|png|gif|webp)$")


def picture(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 235)).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A real, complete PNG of width by height black pixels: a few hundred KB that decode to
    gigabytes (compressed row by row, so making it needs no memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + 1 bit per pixel
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 40, 40))
    exif = image.getexif()
    exif[0x8825] = {1: "N", 2: (38.0, 42.0, 51.0), 3: "W", 4: (9.0, 8.0, 21.0)}  # Lisbon
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"home address")
    return buffer.getvalue()


DANGEROUS = {
    "page.html": (b"<!doctype html><script src=/media/x.js></script>", NOT_AN_IMAGE),
    "script.js": (b"fetch('/api/users/2', {method: 'PATCH'})", NOT_AN_IMAGE),
    "drawing.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        NOT_AN_IMAGE,
    ),
    "report.pdf": (b"%PDF-1.7\n1 0 obj <<>> endobj\n", NOT_AN_IMAGE),
    "header.png": (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
    "polyglot.png": (picture() + b"<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
    "bomb.png": (
        png_claiming(40_000, 40_000),
        f"This image is 40,000 {BY} 40,000 pixels; Podium takes up to 40 megapixels: "
        "make it smaller and choose it again.",
    ),
    "large.png": (
        png_claiming(12_000, 12_000),
        f"This image is 12,000 {BY} 12,000 pixels; Podium takes up to 40 megapixels: "
        "make it smaller and choose it again.",
    ),
}


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def compose(client, user, **fields):
    client.force_login(user)
    data = {
        "person": user.person.pk,
        "text": "Our new hotel opens today.",
        "networks": ["mastodon"],
        "when": "draft",
        "mastodon-alt-0": "The lobby",
    }
    data.update(fields)
    return client.post(reverse("publishing-compose"), data)


# ---------------------------------------------------------------------------- compose


@pytest.mark.parametrize("name", DANGEROUS)
def test_compose_refuses_it_and_keeps_nothing(client, erin, media, name):
    content, message = DANGEROUS[name]
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = compose(client, erin, **{"mastodon-image-0": upload})
    assert response.status_code == 200
    assert f"Mastodon, image 1: {message}" in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


def test_compose_strips_gps_and_stores_under_a_random_name(client, erin, media):
    upload = SimpleUploadedFile("erin-at-home.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert compose(client, erin, **{"mastodon-image-0": upload}).status_code == 302
    attachment = Attachment.objects.get()
    assert RANDOM_NAME.match(attachment.file.name) and "erin" not in attachment.file.name
    assert attachment.mime_type == "image/jpeg"
    stored = Image.open(attachment.file.path)
    assert stored.format == "JPEG" and stored.size == (40, 30)
    assert dict(stored.getexif()) == {} and "comment" not in stored.info
    assert b"home address" not in attachment.file.read()
    assert stored_files(media) == [attachment.file.name]


def test_two_uploads_of_one_name_get_two_random_names(client, erin, media):
    first = SimpleUploadedFile("lobby.png", picture(), content_type="image/png")
    second = SimpleUploadedFile("lobby.png", picture(), content_type="image/png")
    compose(client, erin, **{"mastodon-image-0": first, "mastodon-image-1": second})
    names = list(Attachment.objects.values_list("file", flat=True))
    assert len(set(names)) == 2 and all(RANDOM_NAME.match(n) for n in names)


# ---------------------------------------------------------------------------- CSV import


class Pages(BaseHTTPRequestHandler):
    bodies: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.bodies.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "image/png")  # what a careless server says of anything
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body or b"")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web(settings, media) -> Iterator[str]:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    Pages.bodies = {f"/{name}": content for name, (content, _) in DANGEROUS.items()}
    Pages.bodies["/erin-at-home.jpg"] = jpeg_with_gps()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def import_one(carol, url: str):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["executive", "networks", "text", "scheduled_at", "image_url_1", "alt_text_1"])
    writer.writerow(["erin-executive", "mastodon", "Lisbon", "2027-05-04 09:00", url, "Lobby"])
    return csv_import.do_import(carol, buffer.getvalue().encode())


@pytest.mark.parametrize("name", DANGEROUS)
def test_the_csv_import_refuses_it_and_keeps_nothing(carol, erin, web, media, name):
    result = import_one(carol, f"{web}/{name}")
    (error,) = result.errors
    (problem,) = error.problems
    assert problem.startswith("image_url_1: ")
    assert "not a JPEG, PNG, GIF or WebP" in problem or "megapixels" in problem
    assert not Post.objects.exists() and stored_files(media) == []


def test_the_csv_import_strips_gps_and_stores_under_a_random_name(carol, erin, web, media):
    result = import_one(carol, f"{web}/erin-at-home.jpg")
    assert result.errors == []
    attachment = Attachment.objects.get()
    assert RANDOM_NAME.match(attachment.file.name)
    assert dict(Image.open(attachment.file.path).getexif()) == {}


# ---------------------------------------------------------------------------- logo and photo


def logo_form(**extra):
    return {"name": "Meridian", "timezone": "UTC", "brand_colour": "#1f6feb", **extra}


def photo_form(person, **extra):
    return {"name": person.name, "title": person.title, "timezone": "UTC", **extra}


@pytest.mark.parametrize("name", DANGEROUS)
def test_a_logo_or_photo_of_it_is_refused_and_nothing_kept(client, alice, erin, media, name):
    content, message = DANGEROUS[name]
    message = message.replace("JPEG, PNG, GIF or WebP", "PNG, JPEG or WebP")
    client.force_login(alice)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(reverse("org-edit-organisation"), logo_form(logo=upload))
    assert message in response.content.decode()
    client.force_login(erin)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    edit = reverse("org-edit-person", args=[erin.person.slug])
    response = client.post(edit, photo_form(erin.person, photo=upload))
    assert message in response.content.decode()
    assert not Organisation.current().logo and not Person.objects.get(pk=erin.person.pk).photo
    assert stored_files(media) == []


def test_a_logo_and_a_photo_lose_their_gps_and_their_names(client, alice, erin, media):
    client.force_login(alice)
    upload = SimpleUploadedFile("office.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(reverse("org-edit-organisation"), logo_form(logo=upload)).status_code == 302
    client.force_login(erin)
    upload = SimpleUploadedFile("erin-at-home.jpg", jpeg_with_gps(), content_type="image/jpeg")
    edit = reverse("org-edit-person", args=[erin.person.slug])
    assert client.post(edit, photo_form(erin.person, photo=upload)).status_code == 302
    for file in (Organisation.current().logo, Person.objects.get(pk=erin.person.pk).photo):
        assert RANDOM_NAME.match(file.name), file.name
        assert dict(Image.open(file.path).getexif()) == {}


def test_a_file_with_an_image_extension_is_refused_with_podiums_words(client, alice, media):
    client.force_login(alice)
    upload = SimpleUploadedFile("logo.exe", b"MZ\x90\x00", content_type="image/png")
    body = client.post(reverse("org-edit-organisation"), logo_form(logo=upload)).content.decode()
    assert NOT_A_PICTURE in body and "Allowed extensions" not in body


# ---------------------------------------------------------------------------- serving


def attach(post, content: bytes = b"", mime_type: str = "image/png") -> Attachment:
    variant = post.latest_revision.variants.get(network="mastodon")
    content = content or picture()
    return Attachment.objects.create(
        variant=variant,
        file=ContentFile(content, name="x.png"),
        mime_type=mime_type,
        size=len(content),
        alt_text="The lobby",
    )


def fetch(client, user, attachment_or_name):
    name = getattr(getattr(attachment_or_name, "file", None), "name", attachment_or_name)
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(f"/media/{name}")


def test_a_drafts_image_is_seen_only_by_those_who_may_see_the_draft(
    client, erin, ian, frank, media
):
    attachment = attach(draft(ian, erin.person, networks=("mastodon",)))
    for stranger in (None, frank):
        assert fetch(client, stranger, attachment).status_code == 404
    for reader in (erin, ian):
        response = fetch(client, reader, attachment)
        assert response.status_code == 200
        assert (
            b"".join(response.streaming_content)
            == media.joinpath(attachment.file.name).read_bytes()
        )
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response["Cache-Control"].startswith("private")
        assert "attachment" not in response.get("Content-Disposition", "")


def test_a_published_posts_image_is_public(client, erin, media):
    post = draft(erin, erin.person, networks=("mastodon",))
    attachment = attach(post)
    publication = Publication.objects.create(
        post=post,
        revision=post.latest_revision,
        variant=attachment.variant,
        channel_account=ChannelAccount.objects.get(person=erin.person, network="mastodon"),
        due_at=post.created_at,
    )
    assert fetch(client, None, attachment).status_code == 404
    Publication.objects.filter(pk=publication.pk).update(state=Publication.State.SENT)
    response = fetch(client, None, attachment)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_type_served_is_the_one_stored_not_the_extension(client, erin, media):
    """A row from before the checks, with a type that is not an image: a download, never a page."""
    attachment = attach(draft(erin, erin.person, networks=("mastodon",)), b"<script>", "text/html")
    response = fetch(client, erin, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_logos_and_photos_are_public(client, erin, media):
    org = Organisation.current()
    org.logo = ContentFile(picture(), name="x.png")
    org.save()
    person = erin.person
    person.photo = ContentFile(picture("WEBP"), name="x.webp")
    person.save()
    logo, photo = fetch(client, None, org.logo.name), fetch(client, None, person.photo.name)
    assert logo.status_code == photo.status_code == 200
    assert (logo["Content-Type"], photo["Content-Type"]) == ("image/png", "image/webp")
    assert logo["Cache-Control"].startswith("public")
    assert photo["X-Content-Type-Options"] == "nosniff"


def test_files_no_row_points_at_are_not_found(client, alice, media):
    (media / "org").mkdir()
    (media / "org" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (media / "secret.txt").write_bytes(b"secret")
    for path in ("org/page.html", "secret.txt", "../podium.sqlite3", "posts/2026/01/x.png"):
        assert fetch(client, alice, path).status_code == 404
