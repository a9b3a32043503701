"""API for the system status administrators see on the status page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from podium.accounts.api_auth import actor, require_role
from podium.accounts.roles import USER_ADMINS
from podium.lib.api import (
    error_responses,
)
from podium.system import status as system_status

router = Router(tags=["System"])


class WorkerOut(Schema):
    name: str = Field(description="host:pid of the worker process.")
    beat_at: dt.datetime = Field(description="Its last heartbeat.")
    started_at: dt.datetime
    alive: bool = Field(description="It beat within the last two and a half minutes.")


class SystemStatusOut(Schema):
    healthy: bool = Field(description="A worker is alive, the queue, database and cache answer.")
    worker_alive: bool
    workers: list[WorkerOut]
    queue_length: int | None = Field(description="Tasks waiting; null if the queue is down.")
    queue_error: str
    queue_backend: str
    database_vendor: str
    database_version: str
    database_error: str
    pending_migrations: list[str] = Field(description="Run `podium migrate` to apply these.")
    cache_ok: bool
    cache_backend: str
    podium_version: str
    python_version: str
    django_version: str
    checked_at: dt.datetime


@router.get(
    "/system/status",
    response={200: SystemStatusOut, **error_responses(403)},
    summary="System status",
)
def get_status(request: HttpRequest) -> system_status.SystemStatus:
    """Workers (heartbeats), queue length, database, cache and versions, as on the status page.
    Administrators only."""
    require_role(actor(request), USER_ADMINS, "Reading the system status")
    return system_status.collect()
