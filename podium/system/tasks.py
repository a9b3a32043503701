"""Worker liveness: every consumer beats once a minute, the status page reads the beats."""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from podium.system.models import WorkerHeartbeat


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@on_startup()
def announce_worker() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker=worker_name(), defaults={"beat_at": now, "started_at": now}
    )


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker_name(), defaults={"beat_at": timezone.now()}
    )


@db_task()
def ping() -> None:
    """Enqueued from the status page: when it runs, the beat proves the queue is drained."""
    heartbeat.call_local()
