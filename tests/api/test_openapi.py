"""The published schema is valid OpenAPI, and the API honours it under generated input."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from podium.accounts.actions import do_create_token
from podium.accounts.models import User
from podium.accounts.roles import Role
from tests.conftest import make_user


def test_it_serves_a_valid_openapi_document(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.validate()  # against the OpenAPI 3.1 meta-schema
    paths = response.json()["paths"]
    assert {
        "/api/me",
        "/api/people",
        "/api/people/{slug}",
        "/api/users",
        "/api/users/{user_id}",
        "/api/tokens",
        "/api/tokens/{token_id}",
        "/api/audit",
        "/api/system/status",
    } <= set(paths)


def test_it_documents_every_endpoint_with_its_errors(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path, operations in paths.items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], f"{method} {path}"
            assert operation["security"], f"{method} {path} must require authentication"
            assert operation.get("description"), f"{method} {path} has no description"


def test_it_refuses_every_operation_without_credentials(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path, operations in paths.items():
        url = path.replace("{slug}", "erin").replace("{user_id}", "1").replace("{token_id}", "1")
        for method in operations:
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code == 401, f"{method} {path}"


def test_it_serves_the_docs_from_podiums_own_static_files(client, db):
    response = client.get("/api/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Every script, style sheet and icon comes from our own static files (the page's CSRF token
    # is random: a search for "cdn" in the whole page matched it now and then).
    assets = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets), assets
    assert "<script>" not in html  # no inline script: our CSP allows only 'self'
    assert "script-src 'self'" in response["Content-Security-Policy"]


# Business rules (an email already in use, an unknown time zone, an administrator demoting
# themselves) refuse some schema-valid requests with a 422 naming the field: that is expected.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 404, 422]},
            # Checked once per operation, without generated data, below.
            "ignored_auth": {"enabled": False},
        },
        # Boundary values stay; other HTTP methods on every path are covered once, below.
        "phases": {"coverage": {"unexpected-methods": []}},
        # The fuzzing user is an administrator, who does not moderate comments (as in the UI).
        "operations": [
            {
                "include-tag": "Comments",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ["2xx", 403, 404, 422]}
                },
            },
            # Fuzzed with an API token, which may not list or create tokens (a session may).
            {
                "include-operation-id": ["list_tokens", "create_token"],
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 403, 422]}},
            },
        ],
    }
)
# Loaded once at collection: the schema endpoint needs neither a database nor a sign-in.
fuzzed = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=CONFIG)
FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def keep_test_connection():
    """Calls go through the WSGI app, whose request signals would close the test's database
    connection (and its transaction) after each call; the test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def root(db, keep_test_connection) -> User:
    return make_user("root@example.com", "Rita Root", Role.ADMIN)


@fuzzed.parametrize()
@FUZZ
def test_it_answers_generated_requests_as_documented(case, root):
    """No 5xx, and every response matches the status codes and schemas the API documents."""
    # A fresh token each time: a generated DELETE /api/tokens/{id} may revoke the last one.
    _token, secret = do_create_token(root, "schemathesis")
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})
