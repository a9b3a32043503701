"""`podium serve`: the web server (gunicorn) and the background worker (Huey) together.

    podium serve                      # both, at http://127.0.0.1:8000
    podium serve --no-worker          # a web machine in production
    podium run_huey                   # a worker machine in production

Both run as child processes. Ctrl-C or SIGTERM stops both cleanly; if either stops on its own,
the other is stopped too and the command exits non-zero, so a supervisor (systemd, a container
runtime) restarts the pair. Extra gunicorn options can be given in GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

STOP_GRACE_SECONDS = 20
READY_TIMEOUT_SECONDS = 60


@dataclass
class Child:
    label: str
    process: subprocess.Popen[bytes]
    stop_signal: signal.Signals


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM if `podium serve` itself is killed, so nothing is orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def default_web_workers() -> int:
    return int(os.environ.get("PODIUM_WEB_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 9))


class Command(BaseCommand):
    help = "Run the web server and the background worker together (Ctrl-C stops both)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("PODIUM_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PODIUM_PORT", "8000")))
        parser.add_argument(
            "--web-workers",
            type=int,
            default=None,
            help="gunicorn worker processes (default: PODIUM_WEB_WORKERS, or 2 x cores + 1)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="run only the web server (when workers run elsewhere: `podium run_huey`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        workers: int = options["web_workers"] or default_web_workers()
        if workers < 1:
            raise CommandError("--web-workers must be 1 or more")
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a port number: use 1 to 65535")
        _check_port_free(host, port)

        self.stopping: signal.Signals | None = None
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

        children = [self._start_web(host, port, workers)]
        if not options["no_worker"]:
            children.append(self._start_worker())

        self._wait_until_ready(children, host, port, workers, not options["no_worker"])
        failed = self._supervise(children)
        self._stop(children)
        if failed is not None:
            code = failed.process.returncode
            raise CommandError(
                f"the {failed.label} stopped unexpectedly (exit code {code}); "
                "stopped everything else. Its messages are above."
            )
        self.stdout.write("Podium stopped.")

    # --- children ----------------------------------------------------------------------------

    def _spawn(self, label: str, argv: list[str], stop_signal: signal.Signals) -> Child:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            argv,
            env=os.environ.copy(),
            # Own process group: Ctrl-C reaches only this command, which stops each child the
            # way that child stops gracefully.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        return Child(label, process, stop_signal)

    def _start_web(self, host: str, port: int, workers: int) -> Child:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "podium.wsgi:application",
            "--bind",
            f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            # Tokens a client put in the address never reach the log (podium.lib.access_log).
            "--logger-class",
            "podium.lib.access_log.Logger",
            "--error-logfile",
            "-",
            "--graceful-timeout",
            str(STOP_GRACE_SECONDS - 5),
            "--no-control-socket",
            # Load Podium once, before forking: workers start at once and share memory.
            "--preload",
        ]
        return self._spawn("web server", argv, signal.SIGTERM)  # SIGTERM: graceful for gunicorn

    def _start_worker(self) -> Child:
        # SIGINT is Huey's graceful stop (it finishes running tasks); SIGTERM would cut them.
        argv = [sys.executable, "-m", "django", "run_huey"]
        return self._spawn("background worker", argv, signal.SIGINT)

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.stopping = signal.Signals(signum)

    def _wait_until_ready(
        self, children: list[Child], host: str, port: int, workers: int, worker: bool
    ) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        connect_host = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104
        connect_host = "::1" if connect_host == "::" else connect_host
        while time.monotonic() < deadline and self.stopping is None:
            if any(child.process.poll() is not None for child in children):
                return  # _supervise reports it
            try:
                with socket.create_connection((connect_host, port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            return
        shown_host = f"[{host}]" if ":" in host else host
        extra = "and the background worker" if worker else "without a background worker"
        self.stdout.write(
            self.style.SUCCESS(f"Podium is running at http://{shown_host}:{port}/")
            + f"  ({workers} web workers {extra}; Ctrl-C stops)"
        )
        self.stdout.flush()

    def _supervise(self, children: list[Child]) -> Child | None:
        """Wait until a signal asks us to stop (None) or a child exits on its own (that child)."""
        while self.stopping is None:
            for child in children:
                if child.process.poll() is not None:
                    return child
            time.sleep(0.2)
        return None

    def _stop(self, children: list[Child]) -> None:
        for child in children:
            if child.process.poll() is None:
                child.process.send_signal(child.stop_signal)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {child.label} did not stop in time; killing it.")
                child.process.kill()
                child.process.wait()


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise CommandError(
                f"cannot listen on {host}:{port} ({error.strerror}): is Podium already running? "
                "Stop it, or choose another port with --port"
            ) from None
