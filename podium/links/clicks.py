"""Clicks, from the redirect to the database without a database round trip per click.

The redirect appends one line per click to a file of its own process (one `os.write` on an
`O_APPEND` file: a line is whole or absent, and a killed process loses nothing it answered);
a new file each minute. The worker (`tasks.store_clicks`) reads the files of minutes past,
classifies each click, decides which are counted and writes them in one batch; a file is
removed only after its batch is stored, and a batch written twice adds nothing (each click's
`click_id` is unique).

What a line holds: the click's id, the link, the time, the method and prefetch header, the user
agent, the visitor's hash and the referrer's origin. Never the address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from podium.links.classify import classify
from podium.links.models import Click, ShortLink

logger = logging.getLogger(__name__)

SUFFIX = ".clicks"
SALT_KEY = "links:salt:"
USER_AGENT_MAX = 500
REFERRER_MAX = 200
BATCH = 2000
SETTLE_SECONDS = 30
COUNT_WINDOW = dt.timedelta(hours=1)  # a visitor counts once per link per hour


def directory() -> Path:
    return Path(settings.LINKS_CLICKS_DIR)


# --- the visitor's hash -------------------------------------------------------------------

_salt: tuple[str, str] = ("", "")


def salt_of_today() -> str:
    """A random salt for today, shared by every process through the cache and forgotten after
    two days: nobody can recompute a visitor's hash from an address later."""
    global _salt
    today = timezone.now().date().isoformat()
    if _salt[0] != today:
        key = SALT_KEY + today
        cache.add(key, secrets.token_hex(16), timeout=2 * 86400)
        _salt = (today, str(cache.get(key) or secrets.token_hex(16)))
    return _salt[1]


def visitor_hash(address: str, user_agent: str) -> str:
    text = f"{salt_of_today()}\n{address}\n{user_agent[:USER_AGENT_MAX]}"
    return hashlib.sha256(text.encode()).hexdigest()


# --- appending -----------------------------------------------------------------------------

_file: tuple[str, int] = ("", -1)  # (the minute's path, its descriptor) of this process


_opening = threading.Lock()  # threads of one process share its file
_retired: list[int] = []


def _descriptor(now: float) -> int:
    global _file
    minute = time.strftime("%Y%m%d%H%M", time.gmtime(now))
    path = str(directory() / f"{minute}-{os.getpid()}{SUFFIX}")
    if _file[0] == path:
        return _file[1]
    with _opening:
        if _file[0] != path:
            directory().mkdir(parents=True, exist_ok=True)
            # The last minute's file is closed a minute later, not now: a thread may be
            # about to write its click there (closing it could hand its number to another file).
            for stale in _retired:
                os.close(stale)
            _retired[:] = [_file[1]] if _file[1] >= 0 else []
            _file = (path, os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    return _file[1]


def append(record: dict[str, Any]) -> None:
    """Write one click's line (before the redirect answers)."""
    now = time.time()
    line = json.dumps({**record, "t": now}, separators=(",", ":")) + "\n"
    os.write(_descriptor(now), line.encode())


def close() -> None:
    global _file
    with _opening:
        for descriptor in [*_retired, _file[1]]:
            if descriptor >= 0:
                os.close(descriptor)
        _retired.clear()
        _file = ("", -1)


# --- storing -------------------------------------------------------------------------------


def _ready_files(now: float) -> list[Path]:
    """Files of minutes that ended more than half a minute ago: no process writes to them any
    more (a process opens the next minute's file for a click in the next minute)."""
    current = time.strftime("%Y%m%d%H%M", time.gmtime(now - SETTLE_SECONDS))
    if not directory().is_dir():
        return []
    return sorted(p for p in directory().glob(f"*{SUFFIX}") if p.name[:12] < current)


def _read(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_bytes().splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            logger.warning("%s: a line that is not a click was skipped", path.name)
            continue
        if isinstance(row, dict) and {"id", "link", "t"} <= row.keys():
            rows.append(row)
    return rows


def _clicks(rows: list[dict[str, Any]]) -> list[Click]:
    known = set(
        ShortLink.objects.filter(pk__in={r["link"] for r in rows}).values_list("pk", flat=True)
    )
    clicks = []
    for row in sorted(rows, key=lambda r: r["t"]):
        if row["link"] not in known:
            continue  # the link was deleted since
        clicks.append(
            Click(
                link_id=row["link"],
                at=dt.datetime.fromtimestamp(row["t"], tz=dt.UTC),
                kind=classify(row.get("m", "GET"), row.get("ua", ""), row.get("p", "")),
                visitor=str(row.get("v", ""))[:64],
                referrer_origin=str(row.get("r", ""))[:REFERRER_MAX],
                click_id=str(row["id"])[:32],
            )
        )
    return clicks


def _mark_counted(clicks: list[Click]) -> None:
    """A person's click counts unless the same visitor's click on the link counted within the
    hour before it (in this batch or already stored)."""
    humans = [c for c in clicks if c.kind == Click.Kind.HUMAN]
    if not humans:
        return
    start = min(c.at for c in humans) - COUNT_WINDOW
    last: dict[tuple[int, str], dt.datetime] = {}
    stored = Click.objects.filter(
        counted=True, at__gte=start, link_id__in={c.link_id for c in humans}
    ).values_list("link_id", "visitor", "at")
    for link_id, visitor, at in stored:
        key = (link_id, visitor)
        last[key] = max(at, last.get(key, at))
    for click in humans:
        key = (click.link_id, click.visitor)
        if key not in last or click.at - last[key] >= COUNT_WINDOW:
            click.counted = True
            last[key] = click.at


def store(rows: list[dict[str, Any]]) -> int:
    """Write a batch of click lines; those already stored are left alone. Returns how many
    were new."""
    ids = [str(r["id"])[:32] for r in rows]
    already = set(Click.objects.filter(click_id__in=ids).values_list("click_id", flat=True))
    clicks = [c for c in _clicks(rows) if c.click_id not in already]
    _mark_counted(clicks)
    with transaction.atomic():
        Click.objects.bulk_create(clicks, batch_size=BATCH, ignore_conflicts=True)
    return len(clicks)


def store_ready(now: float | None = None) -> int:
    """Store every finished minute's file, then remove it. Returns the clicks added."""
    added = 0
    for path in _ready_files(time.time() if now is None else now):
        rows = _read(path)
        for start in range(0, len(rows), BATCH):
            added += store(rows[start : start + BATCH])
        path.unlink()
    return added
