"""What the system status page reports: workers, queue, database, cache, versions.

Each probe catches its own failure and reports it, because this page exists to be read when
something is broken: a down Redis or database must show as such, not as a server error.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import secrets
from dataclasses import dataclass, field

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from podium.system.models import WorkerHeartbeat

log = logging.getLogger(__name__)

# Workers beat once a minute; two missed beats and a little slack means the worker is gone.
ALIVE_WITHIN = dt.timedelta(seconds=150)


@dataclass(frozen=True)
class Worker:
    name: str
    beat_at: dt.datetime
    started_at: dt.datetime
    alive: bool


@dataclass(frozen=True)
class SystemStatus:
    workers: list[Worker]
    queue_length: int | None
    queue_error: str
    queue_backend: str
    database_vendor: str
    database_version: str
    database_error: str
    pending_migrations: list[str]
    cache_ok: bool
    cache_backend: str
    podium_version: str
    python_version: str
    django_version: str
    checked_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def worker_alive(self) -> bool:
        return any(w.alive for w in self.workers)

    @property
    def migrations_applied(self) -> bool:
        return not self.database_error and not self.pending_migrations

    @property
    def healthy(self) -> bool:
        return (
            self.worker_alive
            and self.queue_length is not None
            and self.migrations_applied
            and self.cache_ok
        )


def collect() -> SystemStatus:
    now = timezone.now()
    queue_length, queue_error = _queue_length()
    vendor, version, db_error = _database()
    return SystemStatus(
        workers=[
            Worker(w.worker, w.beat_at, w.started_at, now - w.beat_at <= ALIVE_WITHIN)
            for w in WorkerHeartbeat.objects.order_by("-beat_at")[:50]
        ],
        queue_length=queue_length,
        queue_error=queue_error,
        queue_backend=_short_class(str(settings.HUEY.get("huey_class", "huey.SqliteHuey"))),
        database_vendor=vendor,
        database_version=version,
        database_error=db_error,
        pending_migrations=[] if db_error else _pending_migrations(),
        cache_ok=_cache_reachable(),
        cache_backend=_short_class(settings.CACHES["default"]["BACKEND"]),
        podium_version=settings.VERSION,
        python_version=platform.python_version(),
        django_version=django.get_version(),
        checked_at=now,
    )


def _queue_length() -> tuple[int | None, str]:
    from huey import Huey
    from huey.contrib.djhuey import HUEY

    if not isinstance(HUEY, Huey):  # djhuey builds it from settings.HUEY on import
        return None, "The task queue is not configured (settings.HUEY)."
    try:
        return HUEY.pending_count(), ""
    except Exception as error:  # any storage failure is what this page reports
        log.warning("queue length unavailable: %s", error)
        return None, f"{type(error).__name__}: {error}"


def _database() -> tuple[str, str, str]:
    vendor = connection.display_name
    try:
        version = ".".join(str(part) for part in connection.get_database_version())
    except DatabaseError as error:
        return vendor, "", f"{type(error).__name__}: {error}"
    return vendor, version, ""


def _pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _cache_reachable() -> bool:
    key, value = "podium:status-probe", secrets.token_hex(8)
    try:
        cache.set(key, value, 30)
        return cache.get(key) == value
    except Exception as error:  # a cache outage is reported, not raised
        log.warning("cache unreachable: %s", error)
        return False


def _short_class(path: str) -> str:
    return path.rsplit(".", 1)[-1]
