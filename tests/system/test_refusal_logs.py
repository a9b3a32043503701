"""A refused request (403) logs one line, not a traceback; real errors keep theirs."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    return caplog


def test_a_403_logs_one_line_without_a_traceback(client, carol, request_log):
    client.force_login(carol)
    assert client.get(reverse("accounts-list-users")).status_code == 403

    (record,) = [r for r in request_log.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /manage/users/"
    assert record.exc_info is None
    assert "Traceback" not in request_log.text


def test_an_api_refusal_logs_no_traceback_either(client, carol, request_log):
    client.force_login(carol)
    assert client.get("/api/users").status_code == 403
    assert "Traceback" not in request_log.text
