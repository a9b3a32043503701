"""Engagement from files: X and LinkedIn exports, or any other source, as CSV or NDJSON.

Columns (a CSV header, or the keys of each JSON object, one object a line):

- `network`: mastodon, bluesky, linkedin or x;
- `kind`: like, repost, reply, quote, mention or follow;
- `account_id`: who acted, as the network identifies them (a user id, a DID, a URI);
- `occurred_at`: ISO 8601 with a time zone (`2026-11-20T09:30:00Z`), not in the future;
- `post_id`: the executive's post it concerns, as the network identifies it, and/or
  `executive`: the executive's slug (required when the post is not one Podium sent);
- optional: `event_id` (the network's id of the act), `handle`, `display_name`,
  `profile_url`, `text`, `url`.

Two passes. Checking reads every row and collects each problem with its row and column; a
file with any problem is refused and nothing of it is stored. Importing then stores the rows
in chunks, each chunk in one transaction with the job's `position`, so a worker that stops
(a crash, a deploy) is followed by another that carries on from that row (`resume_stalled`).
Each event's natural key makes a row stored twice count once: a file imported again, or rows
repeated within it, add nothing, and the job says how many were already there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from podium.advocates.models import ImportJob, Kind, Network, Source
from podium.advocates.store import Actor, Incoming, store
from podium.governance import audit
from podium.governance.models import AuditEntry
from podium.lib import bounds
from podium.org.models import Person
from podium.outbox.models import Publication

COLUMNS = (
    "network",
    "kind",
    "account_id",
    "occurred_at",
    "post_id",
    "executive",
    "event_id",
    "handle",
    "display_name",
    "profile_url",
    "text",
    "url",
)
REQUIRED = ("network", "kind", "account_id", "occurred_at")
NETWORKS = (Network.MASTODON, Network.BLUESKY, Network.LINKEDIN, Network.X)
KINDS = (Kind.LIKE, Kind.REPOST, Kind.REPLY, Kind.QUOTE, Kind.MENTION, Kind.FOLLOW)
MAX_ERRORS = 100  # kept and shown; the count says how many there were in all
CHUNK = 2000  # rows stored (and the position saved) per transaction
STALLED = dt.timedelta(minutes=2)  # no heartbeat for this long: the worker is gone
FUTURE_SLACK = dt.timedelta(minutes=5)  # clocks differ a little
MAX_CELL = 2000


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    whole_file: bool = False  # not one row's problem (an encoding, a header)

    def as_data(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def max_bytes() -> int:
    return int(settings.ADVOCATES_IMPORT_MAX_MB) * 1024 * 1024


def format_of(filename: str) -> str | None:
    name = filename.lower()
    if name.endswith(".csv"):
        return ImportJob.Format.CSV
    if name.endswith((".ndjson", ".jsonl")):
        return ImportJob.Format.NDJSON
    return None


# --- reading rows -----------------------------------------------------------------------


def rows(job: ImportJob) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """(row number as a person counts it, the row or why it cannot be read), data rows only."""
    with job.file.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        try:
            if job.format == ImportJob.Format.CSV:
                yield from _csv_rows(text)
            else:
                yield from _ndjson_rows(text)
        except UnicodeDecodeError:
            yield 0, Problem(0, "", "The file is not UTF-8 text: save it as UTF-8.", True)


def _csv_rows(text: io.TextIOWrapper) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    reader = csv.DictReader(text)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        yield 1, Problem(1, ", ".join(missing), "The header lacks these columns.", True)
        return
    reader.fieldnames = header
    for values in reader:
        yield reader.line_num, {k: v for k, v in values.items() if k is not None}


def _ndjson_rows(text: io.TextIOWrapper) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as error:
            yield number, Problem(number, "", f"This line is not valid JSON ({error}).")
            continue
        if not isinstance(value, dict):
            yield number, Problem(number, "", "Each line must be one JSON object ({...}).")
            continue
        yield number, value


# --- checking one row -------------------------------------------------------------------


class Resolver:
    """Executives by slug and sent posts by remote id, looked up once per file."""

    def __init__(self) -> None:
        self.people = dict(Person.objects.values_list("slug", "pk"))
        self._posts: dict[tuple[str, str], tuple[int, int] | None] = {}

    def post(self, network: str, remote_id: str) -> tuple[int, int] | None:
        """(publication id, executive id) of the post Podium sent with this remote id."""
        pair = (network, remote_id)
        if pair not in self._posts:
            # A thread is known by its first part's id, the one its address shows.
            found = (
                Publication.objects.filter(remote_id=remote_id, channel_account__network=network)
                .values_list("pk", "post__person_id")
                .first()
            )
            self._posts[pair] = found
        return self._posts[pair]


def _text(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def check_row(
    number: int, row: dict[str, Any], resolver: Resolver, now: dt.datetime
) -> Incoming | list[Problem]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    for column in COLUMNS:
        if len(_text(row, column)) > MAX_CELL:
            problem(column, f"is longer than {MAX_CELL} characters.")
    for column in REQUIRED:
        if not _text(row, column):
            problem(column, "is empty: every row needs it.")
    network, kind = _text(row, "network").lower(), _text(row, "kind").lower()
    if network and network not in NETWORKS:
        problem("network", f"{network!r} is not a network Podium knows: use {', '.join(NETWORKS)}.")
    if kind and kind not in KINDS:
        problem("kind", f"{kind!r} is not a kind of engagement: use {', '.join(KINDS)}.")
    occurred = _when(_text(row, "occurred_at"), now, problem)
    post_id, slug = _text(row, "post_id"), _text(row, "executive")
    person_id: int | None = None
    publication_id: int | None = None
    if post_id and network in NETWORKS:
        found = resolver.post(network, post_id)
        if found:
            publication_id, person_id = found
    if slug:
        named = resolver.people.get(slug)
        if named is None:
            problem("executive", f"no executive has the slug {slug!r} (see the People page).")
        elif person_id is not None and named != person_id:
            problem("executive", "is not the executive who sent the post in post_id.")
        person_id = named
    elif person_id is None:
        column = "post_id" if post_id else "executive"
        problem(column, "name the executive (their slug), or a post_id of a post Podium sent.")
    if problems or occurred is None or person_id is None:
        return problems
    account_id = _text(row, "account_id")
    event_id = _text(row, "event_id")
    key = natural_key(kind, account_id, post_id or f"@{slug}", occurred, event_id)
    return Incoming(
        actor=Actor(
            network=network,
            remote_id=account_id,
            handle=_text(row, "handle"),
            display_name=_text(row, "display_name"),
            profile_url=_url(_text(row, "profile_url")),
        ),
        key=key,
        kind=kind,
        person_id=person_id,
        occurred_at=occurred,
        publication_id=publication_id,
        remote_post_id=post_id,
        text=_text(row, "text"),
        url=_url(_text(row, "url")),
    )


def natural_key(
    kind: str, account_id: str, about: str, occurred: dt.datetime, event_id: str = ""
) -> str:
    """An imported row's key: the network's own id of the act when the file has it; else one
    like, repost or follow per person and post (or executive); a reply by its time too."""
    if event_id:
        return f"id:{event_id}"
    if kind in (Kind.LIKE, Kind.REPOST, Kind.FOLLOW):
        return f"{kind}:{account_id}:{about}"
    return f"{kind}:{account_id}:{about}:{occurred.isoformat()}"


def _url(value: str) -> str:
    return value if value.startswith(("https://", "http://")) else ""


def _when(raw: str, now: dt.datetime, problem: Any) -> dt.datetime | None:
    if not raw:
        return None
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        problem("occurred_at", f"{raw!r} is not a time: write it as 2026-11-20T09:30:00Z.")
        return None
    if when.tzinfo is None:
        problem("occurred_at", f"{raw!r} has no time zone: add Z (UTC) or an offset (+01:00).")
        return None
    if when > now + FUTURE_SLACK:
        problem("occurred_at", f"{raw!r} is in the future: engagement has already happened.")
        return None
    if message := bounds.day_problem(when, "The time"):
        problem("occurred_at", message)
        return None
    return when


# --- running a job ----------------------------------------------------------------------


def _claim(job_id: int) -> bool:
    """Take the job unless another worker is on it (a heartbeat newer than STALLED)."""
    now = timezone.now()
    return (
        ImportJob.objects.filter(
            pk=job_id, state__in=(ImportJob.State.CHECKING, ImportJob.State.IMPORTING)
        )
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - STALLED))
        .update(heartbeat_at=now)
        == 1
    )


def run(job_id: int) -> str:
    """Check the file, then import it from where it stopped. Returns the job's state."""
    if not _claim(job_id):
        return "busy"
    job = ImportJob.objects.get(pk=job_id)
    if job.state == ImportJob.State.CHECKING:
        _check(job)
    if job.state == ImportJob.State.IMPORTING:
        _import(job)
    return job.state


def _check(job: ImportJob) -> None:
    resolver, started = Resolver(), timezone.now()
    kept: list[Problem] = []
    count = total = 0
    for number, row in rows(job):
        total += 0 if isinstance(row, Problem) and row.whole_file else 1
        result = row if isinstance(row, Problem) else check_row(number, row, resolver, started)
        found = [result] if isinstance(result, Problem) else result
        if isinstance(found, list):
            count += len(found)
            kept.extend(found[: max(0, MAX_ERRORS - len(kept))])
        if total % CHUNK == 0:
            now = timezone.now()
            ImportJob.objects.filter(pk=job.pk).update(rows_total=total, heartbeat_at=now)
    if total == 0 and not count:
        count, kept = 1, [Problem(0, "", "The file holds no rows.")]
    job.rows_total = total
    job.errors = [p.as_data() for p in kept]
    job.error_count = count
    job.heartbeat_at = timezone.now()
    with transaction.atomic():
        if count:
            job.state = ImportJob.State.REFUSED
            job.finished_at = timezone.now()
            audit.record(
                actor=None,
                action="advocates.import_refused",
                target=job,
                after={"rows": total, "problems": count},
                via=AuditEntry.Via.WORKER,
            )
        else:
            job.state = ImportJob.State.IMPORTING
        job.save()


def _import(job: ImportJob) -> None:
    resolver, now = Resolver(), timezone.now()
    chunk: list[Incoming] = []
    index = 0
    for index, (number, row) in enumerate(rows(job), start=1):
        if index <= job.position:
            continue  # stored by an earlier worker
        result = None if isinstance(row, Problem) else check_row(number, row, resolver, now)
        if isinstance(result, Incoming):
            chunk.append(result)
        if len(chunk) >= CHUNK:
            _store_chunk(job, chunk, index)
            chunk = []
    _store_chunk(job, chunk, max(index, job.position), final=True)


def _store_chunk(job: ImportJob, chunk: list[Incoming], position: int, final: bool = False) -> None:
    with transaction.atomic():
        stored = store(
            chunk,
            source=Source.IMPORT,
            what=f"Import of {job.filename}",
            import_job=job,
            via=AuditEntry.Via.WORKER,
        )
        job.position = position
        job.added += stored.added
        job.duplicates += stored.duplicates
        job.heartbeat_at = timezone.now()
        fields = ["position", "added", "duplicates", "heartbeat_at"]
        if final:
            job.state = ImportJob.State.DONE
            job.finished_at = timezone.now()
            fields += ["state", "finished_at"]
            audit.record(
                actor=None,
                action="advocates.import_finished",
                target=job,
                after={"rows": job.rows_total, "added": job.added, "already": job.duplicates},
                via=AuditEntry.Via.WORKER,
            )
        job.save(update_fields=fields)


def resume_stalled() -> int:
    """Wake a worker for each import whose worker stopped; returns how many."""
    from podium.advocates.tasks import run_import

    stalled = ImportJob.objects.filter(
        state__in=(ImportJob.State.CHECKING, ImportJob.State.IMPORTING),
        heartbeat_at__lt=timezone.now() - STALLED,
    ).values_list("pk", flat=True)
    ids = list(stalled)
    for pk in ids:
        run_import(pk)
    return len(ids)
