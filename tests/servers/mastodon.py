"""The `mastodon-mock` server (PyPI) as a real HTTP server for tests and benches.

    with start_mastodon_mock() as server:
        user = server.create_user()                  # an account with a token
        code = server.authorize(client_id, redirect_uri, user.username)  # the browser step
        with server.fault(path="/api/v1/statuses", methods=["POST"], status=503, count=1):
            ...

The server runs in its own process (uvicorn serving mastodon_mock's FastAPI app with an
in-memory SQLite database) on a free port on 127.0.0.1. It stops when the context exits,
and also when this process dies (it watches its stdin).

What the mock does, read from its source (mastodon-mock 0.6.1):
- OAuth: POST /api/v1/apps registers an app; GET /oauth/authorize is an account picker and
  POST /oauth/authorize redirects to redirect_uri?code=…&state=…; POST /oauth/token takes
  grant_type=authorization_code (and client_credentials, refresh_token). Secrets, redirect
  URIs and PKCE are not checked.
- Idempotency-Key on POST /api/v1/statuses: a repeated key (per account) returns the first
  status instead of creating another.
- Fault injection (POST /api/v1/_mock/faults): the first matching rule applies, `count`
  times or forever. Effects: "status" (a forced status and body), "ratelimit" (429 with
  X-RateLimit-* and Retry-After), "latency" (delay, then the request is served),
  "malformed" (a 200 with a broken JSON body), "timeout" (holds the request for
  max(delay_ms, 30 s), then serves it). /api/v1/_mock/* is never faulted.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

import httpx

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0  # generous: a busy machine takes ~20 s to import FastAPI


class MastodonMockError(RuntimeError):
    """The mock could not be started or refused a control-plane request."""


@dataclass(frozen=True)
class MastodonUser:
    """A local account on the mock, with a user token (scopes read write follow push)."""

    id: str
    username: str
    access_token: str


class FaultRule:
    """A registered fault rule. Use as a context manager to remove it on exit."""

    def __init__(self, server: MastodonMock, rule: dict[str, Any]) -> None:
        self._server = server
        self.rule = rule
        self.id: str = rule["id"]

    def remaining(self) -> int | None:
        """How many more requests it will fault (None: forever); 0 once it is used up."""
        for rule in self._server.faults():
            if rule["id"] == self.id:
                return rule["remaining"]
        return 0

    def remove(self) -> None:
        """Remove the rule if it is still there."""
        self._server._http.delete(f"{self._server.base_url}/api/v1/_mock/faults/{self.id}")

    def __enter__(self) -> FaultRule:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


@dataclass
class MastodonMock:
    """A running mastodon-mock server and its mock-only control plane."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0), repr=False)

    def _control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, f"{self.base_url}{path}", **kwargs)
        if response.status_code != 200:
            raise MastodonMockError(
                f"{method} {path} answered {response.status_code}: {response.text}"
            )
        return response.json()

    def create_user(
        self, username: str | None = None, display_name: str | None = None
    ) -> MastodonUser:
        """A new local account and a user token for it (POST /api/v1/_mock/dev_user)."""
        body: dict[str, Any] = {}
        if username:
            body["username"] = username
        if display_name:
            body["display_name"] = display_name
        data = self._control("POST", "/api/v1/_mock/dev_user", json=body)
        return MastodonUser(
            id=data["id"], username=data["username"], access_token=data["access_token"]
        )

    def authorize(
        self,
        client_id: str,
        redirect_uri: str,
        username: str,
        scope: str = "read write",
        state: str = "",
    ) -> str:
        """Do what the person does in the browser: pick `username` and authorize the app.

        Returns the authorization code the server sends back to `redirect_uri`.
        """
        form = {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "username": username,
        }
        response = self._http.post(f"{self.base_url}/oauth/authorize", data=form)
        if response.status_code == 302:
            query = parse_qs(urlsplit(response.headers["location"]).query)
            return query["code"][0]
        match = re.search(r"Authorization code: ([^<\s]+)", response.text)
        if response.status_code == 200 and match:
            return match.group(1)
        raise MastodonMockError(f"authorize answered {response.status_code}: {response.text[:200]}")

    def fault(
        self,
        *,
        path: str | None = None,
        path_regex: str | None = None,
        methods: list[str] | None = None,
        type: str = "status",
        status: int | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        delay_ms: int = 0,
        truncate: bool = True,
        count: int | None = None,
    ) -> FaultRule:
        """Register a fault rule (see the module docstring for the effects)."""
        effect: dict[str, Any] = {"type": type, "delay_ms": delay_ms, "truncate": truncate}
        if status is not None:
            effect["status"] = status
        if body is not None:
            effect["body"] = body
        if headers is not None:
            effect["headers"] = headers
        rule = {
            "match": {"methods": methods, "path": path, "path_regex": path_regex},
            "effect": effect,
            "count": count,
        }
        return FaultRule(self, self._control("POST", "/api/v1/_mock/faults", json=rule))

    def faults(self) -> list[dict[str, Any]]:
        """The active rules, in the order they are tried, with their remaining budgets."""
        return list(self._control("GET", "/api/v1/_mock/faults"))

    def clear_faults(self) -> None:
        self._control("DELETE", "/api/v1/_mock/faults")

    def reset(self) -> None:
        """Drop every account, status and fault (affects every test sharing the server)."""
        self._control("POST", "/api/v1/_mock/reset")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _read_stdout(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    for line in iter(stream.readline, b""):
        lines.put(line)
    lines.put(None)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    if process.stdin:
        with suppress(OSError):
            process.stdin.close()
    try:
        process.terminate()
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def start_mastodon_mock(timeout: float = START_TIMEOUT) -> Iterator[MastodonMock]:
    """Start mastodon-mock on a free port of 127.0.0.1; yield it; stop it on exit."""
    workdir = Path(tempfile.mkdtemp(prefix="podium-mastodon-"))
    log_path = workdir / "mastodon.log"
    media = workdir / "media"
    media.mkdir()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own module, fixed argv
            [sys.executable, "-m", "tests.servers.mastodon", "--media-dir", str(media)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    assert process.stdout is not None
    lines: queue.Queue[bytes | None] = queue.Queue()
    threading.Thread(target=_read_stdout, args=(process.stdout, lines), daemon=True).start()
    server: MastodonMock | None = None
    try:
        base_url = _wait_ready(process, lines, timeout, log_path)
        server = MastodonMock(base_url=base_url, process=process, log_path=log_path)
        yield server
    finally:
        if server is not None:
            server._http.close()
        _stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(
    process: subprocess.Popen[bytes],
    lines: queue.Queue[bytes | None],
    timeout: float,
    log_path: Path,
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            problem = f"was not ready after {timeout:.0f} s"
            break
        try:
            line = lines.get(timeout=min(remaining, 1.0))
        except queue.Empty:
            continue
        if line is None:
            process.wait(timeout=10)
            problem = f"exited with code {process.returncode} before it was ready"
            break
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("ready"):
            return str(message["url"])
    _stop(process)
    log = log_path.read_text(errors="replace").strip().splitlines()[-40:]
    raise MastodonMockError(
        f"mastodon-mock {problem}. Is mastodon-mock installed in this Python "
        f"({sys.executable})? Its log ends with:\n" + "\n".join(log)
    )


def serve(argv: list[str] | None = None) -> None:
    """Child process: serve mastodon-mock on a free port, print one JSON line when ready."""
    import socket

    import uvicorn
    from mastodon_mock.app import create_app
    from mastodon_mock.config import DatabaseConfig, MastodonMockConfig

    parser = argparse.ArgumentParser(prog="python -m tests.servers.mastodon")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--media-dir", default=None)
    args = parser.parse_args(argv)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    port = sock.getsockname()[1]
    config = MastodonMockConfig(
        # Links in statuses point at this server, not at the mock's default mock.local.
        domain=f"{args.host}:{port}",
        url_scheme="http",
        title="Podium test instance",
        database=DatabaseConfig(path=":memory:"),
        media_storage_path=args.media_dir,
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), log_level="warning", server_header=False)
    )

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.02)
        if server.started:
            ready = {"ready": True, "url": f"http://{args.host}:{port}"}
            sys.stdout.write(json.dumps(ready) + "\n")
            sys.stdout.flush()

    def watch_stdin() -> None:
        sys.stdin.buffer.read()  # returns at EOF: the parent closed it or died
        server.should_exit = True

    threading.Thread(target=announce, daemon=True).start()
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.run(sockets=[sock])


if __name__ == "__main__":
    serve()
