"""A fault-injecting HTTP proxy for benches: it stands between Podium and a local server.

    with FaultProxy("http://127.0.0.1:2583", rate=0.10) as proxy:
        account.instance_url = proxy.url      # Podium now talks to the server through it

For about `rate` of the requests it injects one of four faults, chosen at random:
  timeout -- forwards the request (the server acts on it), then holds the connection for
             `stall` seconds and closes it without an answer: accept-then-timeout;
  5xx     -- answers 503 without forwarding;
  429     -- answers 429 with a short Retry-After (and the rate-limit headers both Mastodon
             and atproto clients read) without forwarding;
  drop    -- closes the connection without forwarding and without an answer.
Every other request is forwarded as is. `counts` says how many of each happened.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

FAULTS = ("timeout", "5xx", "429", "drop")
# Not passed on: they describe one hop, or a body httpx has already decoded.
HOP_HEADERS = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "host",
    "proxy-connection",
    "upgrade",
    "te",
    "trailer",
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on a stalled or dropped call is part of the test


class FaultProxy:
    def __init__(
        self,
        upstream: str,
        *,
        rate: float = 0.10,
        stall: float = 5.0,
        retry_after: int = 2,
        seed: int | None = None,
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.rate = rate
        self.stall = stall
        self.retry_after = retry_after
        self.counts: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def summary(self) -> str:
        faults = {name: self.counts[name] for name in FAULTS}
        return f"{self.counts['requests']} requests, faults {faults}"

    # --- inside ---------------------------------------------------------------------------

    def _choose(self) -> str | None:
        with self._lock:
            self.counts["requests"] += 1
            fault = self._random.choice(FAULTS) if self._random.random() < self.rate else None
            if fault:
                self.counts[fault] += 1
            return fault

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(timeout=120.0, trust_env=False)
            self._local.client = client
        return client

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        return self._client().request(
            method, self.upstream + path, headers=headers, content=body or None
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy._choose()
                if fault == "drop":
                    self.close_connection = True
                    return
                if fault == "5xx":
                    payload = b'{"error":"InternalServerError","message":"injected"}'
                    self._answer(503, [("Content-Type", "application/json")], payload)
                    return
                if fault == "429":
                    reset = time.time() + proxy.retry_after
                    iso = dt.datetime.fromtimestamp(reset, dt.UTC).isoformat()
                    headers = [
                        ("Content-Type", "application/json"),
                        ("Retry-After", str(proxy.retry_after)),
                        ("X-RateLimit-Limit", "300"),
                        ("X-RateLimit-Remaining", "0"),
                        ("X-RateLimit-Reset", iso),
                        ("RateLimit-Limit", "300"),
                        ("RateLimit-Remaining", "0"),
                        ("RateLimit-Reset", str(int(reset))),
                    ]
                    payload = b'{"error":"RateLimitExceeded","message":"injected"}'
                    self._answer(429, headers, payload)
                    return
                forward = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                try:
                    response = proxy._forward(self.command, self.path, forward, body)
                except httpx.HTTPError:
                    self.close_connection = True
                    return
                if fault == "timeout":  # the server acted; the client never hears of it
                    time.sleep(proxy.stall)
                    self.close_connection = True
                    return
                headers = [
                    (k, v)
                    for k, v in response.headers.multi_items()
                    if k.lower() not in HOP_HEADERS
                ]
                self._answer(response.status_code, headers, response.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815

        return Handler
