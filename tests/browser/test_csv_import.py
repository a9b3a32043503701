"""The CSV import page in chromium with images: a file whose image is missing is refused with
the row and column to fix; the corrected file imports, the image attached, and the missing alt
text is pointed out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.publishing.models import Attachment, Post
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.planning.test_csv_import_images import (  # the local image server
    SMALL_PNG,
    csv_bytes,
    images,  # noqa: F401 - fixture
    row,
)
from tests.publishing.composing import account

pytestmark = pytest.mark.browser


@pytest.fixture
def erin_on_networks(transactional_db, erin):
    for network in ("mastodon", "x"):
        account(erin.person, network)
    return erin


def upload(page: Page, raw: bytes) -> None:
    page.get_by_label("CSV file").set_input_files(
        {"name": "posts.csv", "mimeType": "text/csv", "buffer": raw}
    )
    page.get_by_role("button", name="Check and import").click()


def test_import_a_file_with_an_image(page: Page, carol, erin_on_networks, images):  # noqa: F811
    sign_in(page, carol.email, PASSWORD)
    page.goto("/compose/import/")
    expect(page.locator("h1")).to_contain_text("Import scheduled posts")
    expect(page.get_by_text("image_url_1 … image_url_4")).to_be_visible()

    upload(
        page,
        csv_bytes(
            row(f"{images}/lobby.png", alt="The lobby in Lisbon"),
            row(f"{images}/lobby-old.png", when="12:30"),
        ),
    )
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported: one row needs fixing")
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_contain_text("Row 3")
    expect(errors).to_contain_text("image_url_1: 127.0.0.1 answered 404 Not Found")
    expect(errors).to_contain_text("check the address, and that the image is public")
    shoot(page, "csv-import-image-missing")
    assert not Post.objects.exists()

    upload(
        page,
        csv_bytes(
            row(f"{images}/lobby.png", alt="The lobby in Lisbon"),
            row(f"{images}/lobby.png", alt="", when="12:30"),
        ),
    )
    expect(page.locator("h1")).to_contain_text("Calendar")
    expect(page.get_by_text("Imported and scheduled 2 posts.")).to_be_visible()
    expect(page.get_by_text("row 3: alt_text_1 is empty")).to_be_visible()
    # The calendar opens on the week of the imported posts.
    expect(page.locator("[data-calendar] [data-post]")).to_have_count(2)
    shoot(page, "csv-import-image-imported")
    attachments = Attachment.objects.filter(variant__network="mastodon").order_by("alt_text")
    assert [a.alt_text for a in attachments] == ["", "The lobby in Lisbon"]
    assert all(a.file.read() == SMALL_PNG for a in attachments)
