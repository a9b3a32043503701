"""Importing engagement from CSV and NDJSON: every problem named by row and column, nothing of
a refused file stored, the same rows never counted twice, and a stopped import resumed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from podium.advocates import actions, importing
from podium.advocates.models import EngagementEvent, ImportJob, RemoteAccount
from podium.governance.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = "network,kind,account_id,handle,display_name,occurred_at,executive,text\n"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def start(carol, name: str, text: str, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.do_start_import(carol, upload(name, text))
    job.refresh_from_db()
    return job


def csv_rows(erin, count: int, *, first: int = 0) -> str:
    slug = erin.person.slug
    return "".join(
        f"x,like,{1000 + n},@fan{n},Fan {n},2026-11-0{1 + n % 9}T09:00:00Z,{slug},\n"
        for n in range(first, first + count)
    )


def test_it_imports_a_csv_file(carol, erin, django_capture_on_commit_callbacks):
    text = (
        HEADER
        + csv_rows(erin, 3)
        + (
            f"linkedin,reply,urn:li:person:7,,Maria Silva,2026-11-20T10:00:00+01:00,"
            f"{erin.person.slug},Great point\n"
        )
    )

    job = start(carol, "x-export.csv", text, django_capture_on_commit_callbacks)

    assert (job.state, job.rows_total, job.added, job.duplicates) == ("done", 4, 4, 0)
    assert job.percent == 100
    reply = EngagementEvent.objects.get(kind="reply")
    assert (reply.network, reply.account.display_name, reply.text) == (
        "linkedin",
        "Maria Silva",
        "Great point",
    )
    assert reply.occurred_at == dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    assert reply.person == erin.person and reply.import_job == job
    assert AuditEntry.objects.filter(action="advocates.import_finished").count() == 1


def test_it_imports_ndjson(carol, erin, django_capture_on_commit_callbacks):
    lines = [
        {
            "network": "bluesky",
            "kind": "repost",
            "account_id": "did:plc:abc",
            "handle": "ana.example.com",
            "occurred_at": "2026-11-02T08:00:00Z",
            "executive": erin.person.slug,
        },
        {
            "network": "bluesky",
            "kind": "follow",
            "account_id": "did:plc:abc",
            "occurred_at": "2026-11-03T08:00:00Z",
            "executive": erin.person.slug,
        },
    ]
    text = "\n".join(json.dumps(line) for line in lines) + "\n\n"

    job = start(carol, "bluesky.ndjson", text, django_capture_on_commit_callbacks)

    assert (job.state, job.added) == ("done", 2)
    assert RemoteAccount.objects.get().handle == "ana.example.com"


def test_each_problem_names_its_row_and_column_and_nothing_is_stored(
    carol, erin, django_capture_on_commit_callbacks
):
    slug = erin.person.slug
    future = (timezone.now() + dt.timedelta(days=3)).isoformat()
    text = (
        HEADER
        + csv_rows(erin, 2)
        + f"myspace,like,1,,,2026-11-01T09:00:00Z,{slug},\n"
        + f"x,like,2,,,{future},{slug},\n"
        + "x,like,3,,,2026-11-01 09:00,nobody-here,\n"
        + f"x,wave,4,,,2026-11-01T09:00:00Z,{slug},\n"
    )

    job = start(carol, "bad.csv", text, django_capture_on_commit_callbacks)

    assert job.state == "refused" and job.error_count == 5
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (4, "network"),
        (5, "occurred_at"),
        (6, "occurred_at"),
        (6, "executive"),
        (7, "kind"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "myspace" in messages[(4, "network")] and "mastodon" in messages[(4, "network")]
    assert "future" in messages[(5, "occurred_at")]
    assert "time zone" in messages[(6, "occurred_at")]
    assert not EngagementEvent.objects.exists(), "nothing of a refused file is stored"


def test_a_malformed_ndjson_line_is_named(carol, erin, django_capture_on_commit_callbacks):
    good = {
        "network": "x",
        "kind": "like",
        "account_id": "9",
        "occurred_at": "2026-11-02T08:00:00Z",
        "executive": erin.person.slug,
    }
    text = json.dumps(good) + "\n{not json\n[1, 2]\n"

    job = start(carol, "broken.ndjson", text, django_capture_on_commit_callbacks)

    assert job.state == "refused"
    assert [(e["row"], e["message"][:20]) for e in job.errors] == [
        (2, "This line is not val"),
        (3, "Each line must be on"),
    ]
    assert not EngagementEvent.objects.exists()


def test_a_csv_without_the_required_columns_is_refused(
    carol, erin, django_capture_on_commit_callbacks
):
    job = start(carol, "short.csv", "network,kind\nx,like\n", django_capture_on_commit_callbacks)

    assert job.state == "refused"
    assert job.errors[0]["column"] == "account_id, occurred_at"
    assert job.rows_total == 0


def test_the_same_file_twice_is_refused_before_it_is_read(
    carol, erin, django_capture_on_commit_callbacks
):
    text = HEADER + csv_rows(erin, 2)
    start(carol, "once.csv", text, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError) as refused:
        actions.do_start_import(carol, upload("again.csv", text))

    assert "already imported" in refused.value.message_dict["file"][0]
    assert EngagementEvent.objects.count() == 2


def test_rows_already_stored_are_counted_not_added(carol, erin, django_capture_on_commit_callbacks):
    start(carol, "first.csv", HEADER + csv_rows(erin, 3), django_capture_on_commit_callbacks)
    # Overlapping: rows 1-2 again (and one repeated within the file), then two new ones.
    text = HEADER + csv_rows(erin, 4, first=1) + csv_rows(erin, 1, first=4)

    job = start(carol, "second.csv", text, django_capture_on_commit_callbacks)

    assert (job.added, job.duplicates) == (2, 3)
    assert EngagementEvent.objects.count() == 5


def test_a_file_too_large_or_of_another_kind_is_refused(carol, settings):
    settings.ADVOCATES_IMPORT_MAX_MB = 1
    big = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        actions.do_start_import(carol, big)
    assert "up to 1 MB" in refused.value.message_dict["file"][0]

    with pytest.raises(ValidationError) as refused:
        actions.do_start_import(carol, upload("export.xlsx", "a,b"))
    assert ".csv nor .ndjson" in refused.value.message_dict["file"][0]
    assert not ImportJob.objects.exists()


def test_a_stopped_import_carries_on_where_it_stopped(
    carol, erin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importing, "CHUNK", 2)
    text = HEADER + csv_rows(erin, 5)
    stored_chunks: list[int] = []
    real = importing._store_chunk

    def crash_after_first_chunk(job, chunk, position, final=False):
        real(job, chunk, position, final)
        stored_chunks.append(position)
        if len(stored_chunks) == 1:
            raise SystemExit("the worker was stopped")

    monkeypatch.setattr(importing, "_store_chunk", crash_after_first_chunk)
    with pytest.raises(SystemExit):
        start(carol, "long.csv", text, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert (job.state, job.position, EngagementEvent.objects.count()) == ("importing", 2, 2)

    # A second worker may not take it while the first one's heartbeat is fresh...
    assert importing.run(job.pk) == "busy"
    # ...and once it is stale, the minute sweep hands it on, from row 3.
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - importing.STALLED - dt.timedelta(seconds=1)
    )
    assert importing.resume_stalled() == 1

    job.refresh_from_db()
    assert (job.state, job.position, job.added, job.duplicates) == ("done", 5, 5, 0)
    assert EngagementEvent.objects.count() == 5
