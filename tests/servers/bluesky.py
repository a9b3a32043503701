"""A real local Bluesky network (devnet/bluesky.mjs) for tests and benches.

    with start_bluesky() as net:               # PLC + PDS, ready in seconds
        account = net.create_account()
        ...
    with start_bluesky(appview=True) as net:   # + AppView; PostgreSQL and Redis needed
        ...
        net.process_all()                      # before reading likes, reposts, threads

The network runs in a Node 22 subprocess that stops when the context exits, and also
when this process dies (it watches its stdin). Install it first with
scripts/setup_devnet.sh.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx

REPO = Path(__file__).resolve().parents[2]
DEVNET = REPO / "devnet"
SETUP_HINT = "Install it with scripts/setup_devnet.sh (see devnet/README.md)."

# How long a start may take before we give up. The AppView network needs ~35 s here;
# the margins are for slow machines and a cold disk cache.
PDS_START_TIMEOUT = 60.0
APPVIEW_START_TIMEOUT = 180.0


class BlueskyNetworkError(RuntimeError):
    """The local network could not be started or did not answer as expected."""


def node_binary() -> Path:
    """The Node 22 interpreter that runs devnet/ ($PODIUM_DEVNET_NODE overrides it)."""
    override = os.environ.get("PODIUM_DEVNET_NODE")
    node = Path(override) if override else DEVNET / "node" / "bin" / "node"
    if not node.exists():
        raise BlueskyNetworkError(
            f"Node 22 for the Bluesky devnet is missing ({node}). {SETUP_HINT}"
        )
    if not (DEVNET / "node_modules" / "@atproto" / "dev-env").is_dir():
        raise BlueskyNetworkError(f"devnet/node_modules has no @atproto/dev-env. {SETUP_HINT}")
    return node


@dataclass(frozen=True)
class BlueskyAccount:
    """An account created on the local PDS, with the session it was created with."""

    handle: str
    did: str
    email: str
    password: str
    access_jwt: str
    refresh_jwt: str


@dataclass
class BlueskyNetwork:
    """A running local network. URLs are what the services announce for themselves."""

    pds_url: str
    plc_url: str
    appview_url: str | None
    control_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30.0), repr=False)

    @property
    def has_appview(self) -> bool:
        return self.appview_url is not None

    def create_account(
        self, handle: str | None = None, password: str | None = None, email: str | None = None
    ) -> BlueskyAccount:
        """Create an account with com.atproto.server.createAccount (handles end in .test).

        With an AppView, waits until the AppView has indexed it, so that its profile exists
        (the SDK's default login fetches it).
        """
        handle = handle or f"u{secrets.token_hex(4)}.test"
        password = password or secrets.token_urlsafe(12)
        email = email or f"{handle.split('.')[0]}@example.com"
        body = self.xrpc_post(
            "com.atproto.server.createAccount",
            {"handle": handle, "email": email, "password": password},
        )
        if self.has_appview:
            self.process_all()
        return BlueskyAccount(
            handle=body["handle"],
            did=body["did"],
            email=email,
            password=password,
            access_jwt=body["accessJwt"],
            refresh_jwt=body["refreshJwt"],
        )

    def create_app_password(self, account: BlueskyAccount, name: str = "Podium") -> str:
        """An app password for `account` (what an executive gives Podium to sign in)."""
        body = self.xrpc_post(
            "com.atproto.server.createAppPassword",
            {"name": name},
            token=account.access_jwt,
        )
        return str(body["password"])

    def xrpc_post(self, nsid: str, body: dict[str, Any], token: str | None = None) -> Any:
        """POST an XRPC procedure to the PDS; raise with the server's message on error."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = self._http.post(f"{self.pds_url}/xrpc/{nsid}", json=body, headers=headers)
        if response.status_code != 200:
            raise BlueskyNetworkError(f"{nsid} answered {response.status_code}: {response.text}")
        return response.json()

    def process_all(self, timeout: float = 60.0) -> None:
        """Wait until every service has processed every event (the AppView's indexing)."""
        response = self._http.post(f"{self.control_url}/process-all", timeout=timeout)
        if response.status_code != 200:
            raise BlueskyNetworkError(f"processAll failed: {response.text}")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the network wrote to stderr."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _read_stdout(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    """Hand stdout lines to the starter, then keep draining so the pipe never fills."""
    for line in iter(stream.readline, b""):
        lines.put(line)
    lines.put(None)


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    if process.poll() is not None:
        return
    if process.stdin:
        with suppress(OSError):
            process.stdin.close()  # the network stops itself when its stdin closes
    try:
        process.terminate()
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def start_bluesky(
    appview: bool = False,
    timeout: float | None = None,
    postgres_url: str | None = None,
    redis_host: str | None = None,
) -> Iterator[BlueskyNetwork]:
    """Start a local network, yield it when it answers, stop it on exit.

    PostgreSQL and Redis for the AppView default to $DB_POSTGRES_URL / $REDIS_HOST, then to
    postgresql://postgres@127.0.0.1:5432/podium_devnet and 127.0.0.1:6379.
    """
    node = node_binary()
    timeout = timeout or (APPVIEW_START_TIMEOUT if appview else PDS_START_TIMEOUT)
    args = [str(node), str(DEVNET / "bluesky.mjs")]
    if appview:
        args.append("--appview")
    if postgres_url:
        args += ["--postgres-url", postgres_url]
    if redis_host:
        args += ["--redis-host", redis_host]

    workdir = Path(tempfile.mkdtemp(prefix="podium-bluesky-log-"))
    log_path = workdir / "bluesky.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, our own script
            args,
            cwd=DEVNET,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    assert process.stdout is not None
    lines: queue.Queue[bytes | None] = queue.Queue()
    threading.Thread(target=_read_stdout, args=(process.stdout, lines), daemon=True).start()

    network: BlueskyNetwork | None = None
    clean = False
    try:
        ready = _wait_ready(process, lines, timeout, log_path, appview)
        network = BlueskyNetwork(
            pds_url=ready["pds"],
            plc_url=ready["plc"],
            appview_url=ready.get("appview"),
            control_url=ready["control"],
            process=process,
            log_path=log_path,
        )
        yield network
        clean = True
    finally:
        if network is not None:
            network._http.close()
        _stop(process, grace=30.0 if appview else 10.0)
        if clean:
            shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(
    process: subprocess.Popen[bytes],
    lines: queue.Queue[bytes | None],
    timeout: float,
    log_path: Path,
    appview: bool,
) -> dict[str, Any]:
    what = "Bluesky devnet" + (" with AppView" if appview else "")
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
            process.wait(timeout=15)
            problem = f"exited with code {process.returncode} before it was ready"
            break
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("ready"):
            return message
    _stop(process, grace=10.0)
    log = log_path.read_text(errors="replace").strip().splitlines()[-40:]
    hint = " Is PostgreSQL at 127.0.0.1:5432 and Redis at :6379 running?" if appview else ""
    raise BlueskyNetworkError(
        f"The {what} {problem}.{hint} Its log ({log_path}) ends with:\n" + "\n".join(log)
    )
