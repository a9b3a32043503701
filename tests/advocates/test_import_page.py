"""The import page: upload, the progress the page polls for, and each problem shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from podium.advocates.models import ImportJob

pytestmark = pytest.mark.django_db


def test_comms_uploads_and_follows_the_progress(
    client, carol, erin, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    text = (
        "network,kind,account_id,occurred_at,executive\n"
        f"x,like,1,2026-11-01T09:00:00Z,{erin.person.slug}\n"
        f"x,repost,1,2026-11-01T09:05:00Z,{erin.person.slug}\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/advocates/import/", {"file": SimpleUploadedFile("x.csv", text.encode())}
        )

    job = ImportJob.objects.get()
    assert response["Location"] == f"/advocates/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "2 of 2 rows: 2 added, 0 already stored." in page
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "2 added" in fragment
    assert "hx-trigger" not in fragment, "a finished import is not polled"


def test_a_running_import_is_polled(client, carol):
    job = ImportJob.objects.create(
        filename="big.ndjson",
        format="ndjson",
        sha256="0" * 64,
        size=10,
        rows_total=100,
        position=40,
        state=ImportJob.State.IMPORTING,
    )
    client.force_login(carol)

    fragment = client.get(f"/advocates/import/{job.pk}/", headers={"HX-Request": "true"})

    text = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in text and 'aria-valuenow="40"' in text


def test_a_refused_file_lists_each_problem(client, carol, django_capture_on_commit_callbacks):
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/advocates/import/",
            {"file": SimpleUploadedFile("bad.ndjson", b'{"network": "myspace"}\n')},
        )

    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page and "myspace" in page and "<code>kind</code>" in page


def test_a_wrong_kind_of_file_keeps_the_form_with_the_reason(client, carol):
    client.force_login(carol)

    page = client.post(
        "/advocates/import/", {"file": SimpleUploadedFile("export.xlsx", b"PK")}
    ).content.decode()

    assert "neither .csv nor .ndjson" in page
    assert not ImportJob.objects.exists()


def test_an_executive_may_not_import(client, erin):
    client.force_login(erin)

    response = client.post(
        "/advocates/import/", {"file": SimpleUploadedFile("x.csv", b"network\n")}
    )

    assert response.status_code in (403, 404)
    assert not ImportJob.objects.exists()
