"""CSV import of scheduled posts: per-row errors, all-or-nothing, a template to start from."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from podium.outbox.models import Publication
from podium.planning import csv_import
from podium.publishing.models import Post
from tests.conftest import PASSWORD
from tests.publishing.composing import erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
# Next year: in the future, and within the two years ahead that scheduling allows.
YEAR = timezone.now().year + 1
HEADER = ["executive", "networks", "text", "scheduled_at", "link"]


def csv_bytes(*rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def do_import(actor, raw: bytes):
    result = csv_import.do_import(actor, raw)
    return result.posts, result.errors


GOOD = [
    ["erin@example.com", "mastodon bluesky", "Lisbon opens today", f"{YEAR}-05-04 09:00", ""],
    [
        "erin-executive",
        "x,linkedin",
        "Thank you, team",
        f"{YEAR}-05-04T12:30+01:00",
        "https://e.com",
    ],
]


def test_a_good_file_creates_every_post(carol, erin):
    erin.person.timezone = "Europe/London"
    erin.person.save()
    posts, errors = do_import(carol, csv_bytes(*GOOD))
    assert errors == [] and len(posts) == 2
    assert Publication.objects.count() == 4
    first = Post.objects.get(revisions__text="Lisbon opens today")
    assert first.scheduled_for.isoformat() == f"{YEAR}-05-04T08:00:00+00:00"  # London summer time
    # carol wrote them for erin: each waits for erin's approval
    assert set(Publication.objects.values_list("state", flat=True)) == {"held"}


def test_one_bad_row_creates_nothing_and_names_the_row(carol, erin):
    rows = [*GOOD, ["erin@example.com", "x", "a" * 300, f"{YEAR}-05-05 09:00", ""]]
    posts, errors = do_import(carol, csv_bytes(*rows))
    assert posts == [] and not Post.objects.exists()
    (error,) = errors
    assert error.row == 4
    assert "20 over X's limit of 280" in error.problems[0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["nobody@example.com", "x", "Hi", f"{YEAR}-01-01 09:00", ""], "no executive 'nobody"),
        (["erin-executive", "myspace", "Hi", f"{YEAR}-01-01 09:00", ""], "unknown network myspace"),
        (["erin-executive", "x", "", f"{YEAR}-01-01 09:00", ""], "text is empty"),
        (["erin-executive", "x", "Hi", "tomorrow", ""], "write it as YYYY-MM-DD HH:MM"),
        (["erin-executive", "x", "Hi", "2001-01-01 09:00", ""], "is in the past"),
        (["erin-executive", "x", "Hi", f"{YEAR}-01-01 09:00", "not a link"], "not a web address"),
    ],
)
def test_each_row_problem_says_what_to_fix(carol, erin, row, message):
    _, errors = do_import(carol, csv_bytes(row))
    assert errors[0].row == 2
    assert any(message in p for p in errors[0].problems), errors[0].problems


def test_frank_cannot_import_for_erin(frank, erin):
    _, errors = do_import(frank, csv_bytes(GOOD[0]))
    assert "no executive 'erin@example.com' you may write for" in errors[0].problems[0]


def test_the_page_lists_row_errors_and_imports_a_good_file(client, carol, erin):
    client.login(email=carol.email, password=PASSWORD)
    bad = SimpleUploadedFile("posts.csv", csv_bytes(GOOD[0], ["x", "x", "", "", ""]))
    response = client.post(reverse("publishing-import-posts"), {"file": bad})
    body = response.content.decode()
    assert "Nothing was imported" in body and "Row 3" in body
    good = SimpleUploadedFile("posts.csv", csv_bytes(*GOOD))
    response = client.post(reverse("publishing-import-posts"), {"file": good})
    assert response.status_code == 302 and Post.objects.count() == 2


def test_a_file_without_the_columns_is_refused(client, carol, erin):
    client.login(email=carol.email, password=PASSWORD)
    upload = SimpleUploadedFile("posts.csv", b"name,when\nx,y\n")
    body = client.post(reverse("publishing-import-posts"), {"file": upload}).content.decode()
    assert "missing: executive, networks, text, scheduled_at" in body


def test_the_template_downloads(client, carol):
    client.login(email=carol.email, password=PASSWORD)
    response = client.get(reverse("publishing-import-template"))
    assert response["Content-Disposition"].endswith('podium-posts-template.csv"')
    header, *examples = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:5] == HEADER
    assert header[5:] == [
        "image_url_1", "alt_text_1", "image_url_2", "alt_text_2",
        "image_url_3", "alt_text_3", "image_url_4", "alt_text_4",
    ]  # fmt: skip
    assert examples[0][5].startswith("https://") and examples[0][6]  # an image with alt text
    assert all(len(row) == len(header) for row in examples)
    # Its example times are ahead, within what Podium schedules: the file imports as it is.
    when = dt.datetime.fromisoformat(examples[0][3]).date()
    assert dt.timedelta(days=7) < when - timezone.localdate() < dt.timedelta(days=60)


def test_an_approver_may_not_import(client, arthur):
    client.login(email=arthur.email, password=PASSWORD)
    assert client.get(reverse("publishing-import-posts")).status_code == 403
    assert client.get(reverse("publishing-import-template")).status_code == 403
