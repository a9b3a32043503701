"""gunicorn's access log never carries an API token, even one a client put in the address."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

from gunicorn.config import Config

from podium.lib.access_log import Logger
from podium.system.management.commands.serve import Command


def logged(raw_uri: str, *, fmt: str | None = None, **environ: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    if fmt:
        config.set("access_log_format", fmt)
    logger = Logger(config)
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.access_log.addHandler(handler)
    path, _, query = raw_uri.partition("?")
    request = SimpleNamespace(headers=[("AUTHORIZATION", "Bearer header-secret")])
    response = SimpleNamespace(status="400 Bad Request", sent=120, headers=[])
    logger.access(
        response,
        request,
        {
            "REQUEST_METHOD": "GET",
            "RAW_URI": raw_uri,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.1",
            **environ,
        },
        dt.timedelta(milliseconds=12),
    )
    return "\n".join(lines)


def test_it_hides_a_token_in_the_request_line():
    line = logged("/api/me?page=2&token=pod_secret123&x=1")
    assert "pod_secret123" not in line
    assert '"GET /api/me?page=2&token=[redacted]&x=1 HTTP/1.1" 400' in line


def test_it_hides_every_spelling_of_a_token_parameter():
    for query in ("access_token=s3cr3t", "API_KEY=s3cr3t", "%74oken=s3cr3t", "bearer=s3cr3t"):
        assert "s3cr3t" not in logged(f"/api/posts?{query}")


def test_it_keeps_other_parameters():
    assert "GET /api/posts?state=draft&page=3 HTTP/1.1" in logged("/api/posts?state=draft&page=3")


def test_it_hides_tokens_in_the_referrer_and_headers_an_operator_logs():
    line = logged(
        "/api/me",
        fmt='%(r)s "%(f)s" %({authorization}i)s %(q)s',
        HTTP_REFERER="https://podium.example.com/x?token=ref-secret",
    )
    assert "ref-secret" not in line
    assert "header-secret" not in line
    assert "?token=[redacted]" in line


def test_podium_serve_runs_gunicorn_with_this_logger():
    command = Command()
    spawned = {}
    command._spawn = lambda label, argv, stop: spawned.setdefault("argv", argv)  # type: ignore[method-assign]
    command._start_web("127.0.0.1", 8000, 1)
    argv = spawned["argv"]
    assert argv[argv.index("--logger-class") + 1] == "podium.lib.access_log.Logger"
