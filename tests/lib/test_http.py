"""The HTTP helper: timeouts are mandatory, private addresses are refused unless allowed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from podium.lib import http

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path == "/busy":
            self.send_response(429)
            self.send_header("Retry-After", "30")
            self.end_headers()
            return
        if self.path == "/broken":
            self.send_response(503)
            self.end_headers()
            return
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://100.64.0.1/",
    ],
)
def test_it_refuses_private_and_reserved_addresses(url: str, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(http.BlockedAddressError, match="Podium only calls public internet hosts"):
        http.request("GET", url, timeout=2)


def test_it_refuses_a_local_server_by_default(local_server: str, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(http.BlockedAddressError):
        http.request("GET", local_server, timeout=2)


def test_it_calls_a_local_server_when_allowed(local_server: str, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    response = http.request("GET", local_server, timeout=2)
    assert response.status_code == 200
    assert response.text == "hello"


def test_it_checks_every_redirect_hop(local_server: str, settings, monkeypatch) -> None:
    # The local server is allowed; the metadata address it redirects to is not.
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    monkeypatch.setattr(http, "is_blocked", lambda address: address == "169.254.169.254")
    with pytest.raises(http.BlockedAddressError, match=r"169\.254\.169\.254"):
        http.request("GET", f"{local_server}/hop", timeout=2)


def test_it_requires_a_timeout() -> None:
    with pytest.raises(TypeError):
        http.request("GET", "https://example.com/")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="timeout"):
        http.request("GET", "https://example.com/", timeout=0)
    with pytest.raises(ValueError, match="timeout"):
        http.request("GET", "https://example.com/", timeout=None)  # type: ignore[arg-type]


def test_it_refuses_other_schemes() -> None:
    with pytest.raises(http.NotSentError):
        http.request("GET", "file:///etc/passwd", timeout=2)


def test_it_raises_429_with_the_wait(local_server: str, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(http.TooManyRequestsError) as caught:
        http.request("GET", f"{local_server}/busy", timeout=2)
    assert caught.value.retry_after == 30
    assert caught.value.status_code == 429


def test_it_raises_5xx(local_server: str, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(http.ServerError) as caught:
        http.request("GET", f"{local_server}/broken", timeout=2)
    assert caught.value.status_code == 503
    assert caught.value.retry_after is None


def test_it_says_not_sent_when_nothing_listens(settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(http.NotSentError):
        http.request("GET", "http://127.0.0.1:9/", timeout=2)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "120"}, 120),
        ({"Retry-After": "Mon, 23 Nov 2026 12:01:00 GMT"}, 60),
        ({"x-rate-limit-reset": str(int(NOW.timestamp()) + 900)}, 900),
        ({"X-RateLimit-Reset": "2026-11-23T12:05:00.000Z"}, 300),
        ({"x-rate-limit-reset": str(int(NOW.timestamp()) - 5)}, 0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_it_parses_the_wait(headers: dict[str, str], seconds: float | None) -> None:
    import httpx

    assert http.retry_after(httpx.Headers(headers)) == seconds
