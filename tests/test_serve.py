"""`podium serve`: the web server and the background worker start, answer and stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> dict[str, str]:
    var_dir = tmp_path_factory.mktemp("serve")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PODIUM_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "podium.settings",
        "PODIUM_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir}/podium.sqlite3",
    }
    for command in (["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], env=env, cwd=ROOT, check=True, timeout=300
        )
    return env


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.port = port
        self.output: list[str] = []

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline() if self.process.stdout else ""
            if line:
                self.output.append(line)
                if text in line:
                    return
            elif self.process.poll() is not None:
                break
        pytest.fail(f"never printed {text!r}:\n{''.join(self.output)}")

    def rest(self, timeout: float = 40) -> tuple[int, str]:
        out, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode, "".join(self.output) + out

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


@pytest.fixture
def serve(environment) -> Iterator[Served]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", "--port", str(port), "--web-workers", "1"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(process, port)
    yield served
    if process.poll() is None:
        process.kill()
        process.wait()


def get(port: int, path: str) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_it_serves_pages_and_stops_both_processes_on_sigterm(serve) -> None:
    serve.wait_for(f"Podium is running at http://127.0.0.1:{serve.port}/")
    assert get(serve.port, "/accounts/login/") == 200
    assert get(serve.port, "/api/openapi.json") == 200
    children = serve.children()
    assert len(children) == 2  # gunicorn's master and the Huey consumer

    serve.process.send_signal(signal.SIGTERM)
    code, output = serve.rest()

    assert code == 0, output
    assert "Podium stopped." in output
    assert "GET /accounts/login/" in output  # the access log goes to standard output
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_it_stops_everything_when_the_worker_dies(serve) -> None:
    serve.wait_for("Podium is running at")
    children = serve.children()
    (worker,) = [pid for pid in children if b"run_huey" in _cmdline(pid)]
    (web,) = [pid for pid in children if pid != worker]
    os.kill(worker, signal.SIGKILL)

    code, output = serve.rest()

    assert code != 0
    assert "the background worker stopped unexpectedly" in output
    assert not Path(f"/proc/{web}").exists() or "Z" in _state(web)


def test_it_refuses_a_port_that_is_taken(environment) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return "gone"


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()
