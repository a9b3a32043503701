"""CSV import with images: each image_url_N is downloaded from a real local web server under
compose's rules, and any image that cannot be used is an error naming its row and column, with
nothing created. Missing alt text only warns."""

from __future__ import annotations

import contextlib
import csv
import io
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from podium.planning import csv_import, remote_images
from podium.publishing.models import Attachment, Post
from tests.conftest import PASSWORD
from tests.publishing.composing import erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
HEADER = ["executive", "networks", "text", "scheduled_at", "image_url_1", "alt_text_1"]
HEADER_TWO = [*HEADER, "image_url_2", "alt_text_2"]


def png(width: int = 40, height: int = 30, noise: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (30, 90, 160))
    if noise:  # incompressible: a PNG of a known, large size
        rng = random.Random(7)
        image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


SMALL_PNG = png()


def big_gif() -> bytes:
    """A GIF of about 8 MB: over X's 5 MB for images, under its 15 MB for GIFs."""
    rng = random.Random(7)
    image = Image.frombytes("L", (2400, 2400), rng.randbytes(2400 * 2400)).convert("P")
    buffer = io.BytesIO()
    image.save(buffer, format="GIF")
    return buffer.getvalue()


BIG_PNG = png(700, 700, noise=True)  # about 1.4 MB: too large for Bluesky, fine for Mastodon
PAGES: dict[str, tuple[int, str, bytes]] = {
    "/lobby.png": (200, "image/png", SMALL_PNG),
    "/unlabelled": (200, "application/octet-stream", SMALL_PNG),
    "/big.png": (200, "image/png", BIG_PNG),
    "/huge.png": (200, "image/png", b"\0" * (17 * 1024 * 1024)),  # over every network's limit
    "/gallery": (200, "text/html; charset=utf-8", b"<html><body><img src=lobby.png></body></html>"),
    "/fake.png": (200, "image/png", b"this is not a picture"),
    "/big.gif": (200, "image/gif", big_gif()),
}


class Images(BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def do_GET(self) -> None:
        Images.hits[self.path] += 1
        if self.path == "/slow.png":
            time.sleep(2)
        status, kind, body = PAGES.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may stop reading early: that is what a size limit does.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def images(settings, tmp_path) -> Iterator[str]:
    """A web server on 127.0.0.1 with the images; private addresses allowed, as for a test."""
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    settings.MEDIA_ROOT = tmp_path
    Images.hits.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def csv_bytes(*rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(image_url: str, alt: str = "The lobby", networks: str = "mastodon x", when="09:00"):
    day = f"{timezone.now().year + 1}-05-04"  # within the two years ahead scheduling allows
    return ["erin-executive", networks, "Lisbon opens today", f"{day} {when}", image_url, alt]


def test_images_are_downloaded_and_attached_to_every_network(carol, erin, images):
    raw = csv_bytes(
        [*row(f"{images}/lobby.png", "The lobby"), f"{images}/unlabelled", "The pool"],
        header=HEADER_TWO,
    )
    result = csv_import.do_import(carol, raw)
    assert result.errors == [] and result.warnings == []
    (post,) = result.posts
    attachments = Attachment.objects.filter(variant__revision__post=post).order_by("pk")
    assert sorted(attachments.values_list("variant__network", flat=True)) == [
        "mastodon",
        "mastodon",
        "x",
        "x",
    ]
    mastodon = attachments.filter(variant__network="mastodon").order_by("position")
    assert list(mastodon.values_list("alt_text", "mime_type", "size")) == [
        ("The lobby", "image/png", len(SMALL_PNG)),
        ("The pool", "image/png", len(SMALL_PNG)),
    ]
    stored = mastodon.first().file
    assert stored.name.startswith("posts/") and stored.name.endswith(".png")
    assert stored.read() == SMALL_PNG


def test_one_image_used_by_many_rows_is_downloaded_once(carol, erin, images):
    rows = [row(f"{images}/lobby.png", when=f"{hour:02d}:00") for hour in range(9, 14)]
    result = csv_import.do_import(carol, csv_bytes(*rows))
    assert len(result.posts) == 5 and Images.hits["/lobby.png"] == 1


def test_missing_alt_text_is_a_warning_and_the_row_imports(carol, erin, images):
    result = csv_import.do_import(carol, csv_bytes(row(f"{images}/lobby.png", alt="")))
    assert len(result.posts) == 1 and result.errors == []
    (warning,) = result.warnings
    assert warning.row == 2
    assert warning.problems == [
        "alt_text_1 is empty: describe image 1 for people who cannot see it."
    ]


def test_x_takes_a_gif_larger_than_its_image_limit(carol, erin, images):
    result = csv_import.do_import(carol, csv_bytes(row(f"{images}/big.gif", networks="x")))
    assert result.errors == []
    (post,) = result.posts
    (gif,) = Attachment.objects.filter(variant__revision__post=post)
    assert gif.mime_type == "image/gif" and gif.size > 5 * 1024 * 1024


def only_error(result) -> tuple[int, list[str]]:
    assert result.posts == [] and not Post.objects.exists() and not Attachment.objects.exists()
    (error,) = result.errors
    return error.row, error.problems


@pytest.mark.parametrize(
    ("path", "networks", "message"),
    [
        (
            "/missing.png",
            "mastodon",
            "image_url_1: 127.0.0.1 answered 404 Not Found instead of the image: check the "
            "address, and that the image is public.",
        ),
        (
            "/gallery",
            "mastodon",
            "image_url_1: the address gives text/html (a web page), not a JPEG, PNG, GIF or WebP "
            "image: link to the image file itself.",
        ),
        (
            "/fake.png",
            "mastodon",
            "image_url_1: the file at this address is not a JPEG, PNG, GIF or WebP picture: "
            "link to one that is.",
        ),
        (
            "/huge.png",
            "mastodon x",
            "image_url_1: the image is larger than 16 MB, the most the row's networks take: "
            "use a smaller image.",
        ),
        (
            "/big.png",
            "mastodon bluesky",
            f"image_url_1: the image is {len(BIG_PNG) / 1024 / 1024:.1f} MB; Bluesky takes up to "
            "0.95 MB: use a smaller image or remove bluesky from networks.",
        ),
    ],
)
def test_an_unusable_image_names_the_row_and_column_and_nothing_is_created(
    carol, erin, images, path, networks, message
):
    good = row(f"{images}/lobby.png")
    bad = row(f"{images}{path}", networks=networks, when="10:00")
    number, problems = only_error(csv_import.do_import(carol, csv_bytes(good, bad)))
    assert number == 3
    assert problems == [message]


def test_a_download_stops_at_the_largest_limit(carol, erin, images):
    """A row for Bluesky only reads at most Bluesky's 0.95 MB of an image, not all 17 MB."""
    bad = row(f"{images}/huge.png", networks="bluesky")
    _, problems = only_error(csv_import.do_import(carol, csv_bytes(bad)))
    assert problems == [
        "image_url_1: the image is larger than 0.95 MB, the most the row's networks take: "
        "use a smaller image."
    ]


def test_a_private_address_is_refused_unless_allowed(carol, erin, images, settings):
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    _, problems = only_error(csv_import.do_import(carol, csv_bytes(row(f"{images}/lobby.png"))))
    assert problems == [
        "image_url_1: 127.0.0.1 is a private or local address, which Podium does not download "
        "from: put the image on a public web server."
    ]
    assert Images.hits["/lobby.png"] == 0


def test_an_unreachable_host_says_to_check_the_address(carol, erin, images):
    _, problems = only_error(
        csv_import.do_import(carol, csv_bytes(row("http://127.0.0.1:9/lobby.png")))
    )
    assert problems[0].startswith("image_url_1: 127.0.0.1 could not be reached")
    assert problems[0].endswith(": check the address.")


def test_a_file_s_images_get_a_time_budget_together(carol, erin, images, monkeypatch):
    monkeypatch.setattr(remote_images, "BUDGET_SECONDS", 0.5)
    good = row(f"{images}/lobby.png")
    slow = row(f"{images}/slow.png", when="10:00")
    _, problems = only_error(csv_import.do_import(carol, csv_bytes(good, slow)))
    assert problems == [
        "image_url_1: the image did not arrive within 0.5 s, the time a file's images have "
        "together: try again, put it on a faster server, or split the file."
    ]


def test_image_cells_are_checked_before_downloading(carol, erin, images):
    bad = [*row("not a link"), "", "A pool nobody linked"]
    _, problems = only_error(csv_import.do_import(carol, csv_bytes(bad, header=HEADER_TWO)))
    assert problems == [
        "image_url_1 'not a link' is not a web address: give the image's full address, "
        "starting with https://.",
        "alt_text_2 has text but image_url_2 is empty: add the image's address or clear "
        "alt_text_2.",
    ]


def test_alt_text_too_long_for_a_network_is_an_error(carol, erin, images):
    _, problems = only_error(
        csv_import.do_import(carol, csv_bytes(row(f"{images}/lobby.png", alt="a" * 1200)))
    )
    assert problems == [
        "X: The alt text of the image 1 is 1200 characters; X takes up to 1000: shorten it."
    ]


def test_too_many_images_in_one_file(carol, erin, images, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_IMAGES", 1)
    raw = csv_bytes(row(f"{images}/lobby.png"), row(f"{images}/unlabelled", when="10:00"))
    with pytest.raises(csv_import.ValidationError, match="links to 2 different images"):
        csv_import.do_import(carol, raw)
    assert sum(Images.hits.values()) == 0


def test_the_page_shows_image_errors_warnings_and_the_columns(client, carol, erin, images):
    client.login(email=carol.email, password=PASSWORD)
    page = client.get(reverse("publishing-import-posts")).content.decode()
    assert "image_url_1 … image_url_4" in page and "alt_text_1 … alt_text_4" in page
    assert "Bluesky 0.95 MB, X 5 MB, LinkedIn 8 MB, Mastodon 16 MB" in page

    raw = csv_bytes(row(f"{images}/lobby.png", alt=""), row(f"{images}/gone.png", when="10:00"))
    upload = SimpleUploadedFile("posts.csv", raw)
    body = client.post(reverse("publishing-import-posts"), {"file": upload}).content.decode()
    assert "Nothing was imported" in body and "Row 3" in body
    assert "image_url_1: 127.0.0.1 answered 404 Not Found" in body
    assert "alt_text_1 is empty" in body  # the warning of row 2, fixed in the same go
    assert not Post.objects.exists()

    upload = SimpleUploadedFile("posts.csv", csv_bytes(row(f"{images}/lobby.png", alt="")))
    response = client.post(reverse("publishing-import-posts"), {"file": upload}, follow=True)
    text = response.content.decode()
    assert "Imported and scheduled 1 post." in text
    assert "row 2: alt_text_1 is empty" in text
