"""Calling the API as a persona: `api(user).get("/api/me")` sends that user's own API token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from podium.accounts.actions import do_create_token
from podium.accounts.models import User


class ApiClient:
    """A test client that authenticates every request with a personal API token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def request(self, method: str, url: str, body: Any = None, **headers: str) -> Any:
        call = getattr(self.client, method)
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return call(url, **kwargs)

    def get(self, url: str, **headers: str) -> Any:
        return self.request("get", url, **headers)

    def post(self, url: str, body: Any = None, **headers: str) -> Any:
        return self.request("post", url, body, **headers)

    def patch(self, url: str, body: Any = None, **headers: str) -> Any:
        return self.request("patch", url, body, **headers)

    def delete(self, url: str, **headers: str) -> Any:
        return self.request("delete", url, **headers)


@pytest.fixture
def api(db):
    """api(user) -> a client holding a fresh token of `user`; api(None) -> no credentials."""

    def make(user: User | None) -> ApiClient:
        if user is None:
            return ApiClient(None)
        _token, secret = do_create_token(user, "tests")
        return ApiClient(secret)

    return make


# --- fuzzing against real objects ------------------------------------------------------------

# The schema-wide fuzz (test_openapi.py) meets an empty database, so most ids answer 404. These
# settings fuzz one tag's operations with their path ids pointing at real objects instead, so
# the bodies reach the actions. 403 is expected too: the fuzzing administrator is not, say, the
# executive who alone may approve.
DEEP_FUZZ_CONFIG = {
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", 403, 404, 422]},
        "ignored_auth": {"enabled": False},
    },
    "phases": {"coverage": {"unexpected-methods": []}},
}


def deep_fuzz(tag: str) -> Any:
    """The API's schema, for generated requests to the operations tagged `tag`."""
    import schemathesis
    from django.core.wsgi import get_wsgi_application

    config = schemathesis.Config.from_dict(DEEP_FUZZ_CONFIG)
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", get_wsgi_application(), config=config
    )
    return schema.include(tag=tag)


def call_with_ids(case: Any, user: User, **ids: object) -> None:
    """Point the generated case's path ids at real objects, call it as `user`, validate."""
    from schemathesis.core.parameters import ParameterLocation

    # A path generated to be invalid stays so: it checks that such paths are refused.
    if not (case.meta and case.meta.is_negative_at(ParameterLocation.PATH)):
        case.path_parameters = {
            name: ids.get(name, value) for name, value in (case.path_parameters or {}).items()
        }
    _token, secret = do_create_token(user, "fuzz")
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def keep_connection_for_wsgi():
    """Calls through the WSGI app would close the test's database connection (and its
    transaction) after each request: as test_openapi.py, keep it open for the test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
