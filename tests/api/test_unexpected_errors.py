"""A bug inside the API still answers in the API's shape: JSON with a detail, status 500."""

from __future__ import annotations

import logging
from unittest import mock


def test_it_answers_json_when_an_operation_fails_unexpectedly(api, alice, caplog):
    with (
        mock.patch(
            "podium.governance.api.filter_entries", side_effect=RuntimeError("disk on fire")
        ),
        caplog.at_level(logging.ERROR, logger="podium.lib.api"),
    ):
        response = api(alice).get("/api/audit")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["errors"] == {}
    assert "error on its side" in body["detail"]
    assert "disk on fire" not in body["detail"]  # the caller sees no internals
    assert "GET /api/audit" in caplog.text
    assert "RuntimeError: disk on fire" in caplog.text  # the traceback is in the log


def test_it_answers_json_when_an_action_fails_during_a_write(api, alice, carol):
    with mock.patch("podium.accounts.api.do_update_user", side_effect=KeyError("role")):
        response = api(alice).patch(f"/api/users/{carol.pk}", {"full_name": "Carol C"})

    assert response.status_code == 500
    assert set(response.json()) == {"detail", "errors"}
    carol.refresh_from_db()
    assert carol.full_name == "Carol Comms"
