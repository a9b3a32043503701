"""With REDIS_URL set, the worker takes its tasks from Redis (the production set-up)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PODIUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def podium(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )


def pending_count(env: dict[str, str]) -> int:
    code = "from huey.contrib.djhuey import HUEY; print(HUEY.pending_count())"
    return int(podium(env, "shell", "-v", "0", "-c", code).stdout.strip())


def beats(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT worker, beat_at FROM system_workerheartbeat").fetchall()


@pytest.fixture
def environment(tmp_path) -> dict[str, str]:
    redis.Redis.from_url(REDIS_URL).ping()  # the machine's Redis must be there: fail loudly
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "podium.settings",
        "PODIUM_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/podium.sqlite3",
        "REDIS_URL": REDIS_URL,
    }
    podium(env, "migrate", "--noinput", "-v", "0")
    return env


def test_it_runs_a_task_queued_in_redis(environment, tmp_path):
    database = tmp_path / "podium.sqlite3"
    # A queue name of its own, so that nothing else on this Redis interferes.
    queue = f"podium-test-{uuid.uuid4().hex[:8]}"
    environment["PODIUM_HUEY_NAME"] = queue
    status = podium(
        environment,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; "
        "print(settings.HUEY['huey_class'], settings.HUEY['name'])",
    )
    assert status.stdout.split() == ["huey.RedisHuey", queue]

    # Queue the ping before any worker runs: it waits in Redis.
    podium(environment, "shell", "-v", "0", "-c", "from podium.system.tasks import ping; ping()")
    assert pending_count(environment) == 1
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not beats(database):
            time.sleep(0.5)
        assert beats(database), "the worker never beat"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and pending_count(environment) != 0:
            time.sleep(0.5)
        assert pending_count(environment) == 0, "the queued ping was never taken from Redis"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
