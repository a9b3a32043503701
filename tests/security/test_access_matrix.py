"""Every page and API operation, as every role: who may not is refused and nothing changes.

The pages and operations come from Podium itself (tests/security/matrix.py walks the URL conf
and the OpenAPI schema); who may use each is declared there once. Refused roles try both GET
and POST on pages, and each operation with their own API token and a valid body; allowed roles
GET pages and safe operations, which must answer (no refusal, no error).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from podium.accounts.actions import do_create_token
from tests.api.conftest import ApiClient
from tests.security.conftest import ROLES, World
from tests.security.matrix import (
    OPERATIONS,
    PAGES,
    Access,
    Endpoint,
    changed_tables,
    describe,
    fingerprint,
    is_refusal,
    operations,
    page_access,
    page_url,
    pages,
)

PAGES_FOUND = pages()
OPERATIONS_FOUND = operations()


@pytest.fixture(autouse=True)
def _networks_configured(settings):
    """LinkedIn and X answer 503 "not set up" to everyone until their apps are configured."""
    settings.LINKEDIN_CLIENT_ID = settings.X_CLIENT_ID = "matrix-client"
    settings.LINKEDIN_CLIENT_SECRET = settings.X_CLIENT_SECRET = "matrix-secret"


def browser_of(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def api_of(world: World, role: str) -> ApiClient:
    user = world.user(role)
    client = ApiClient(do_create_token(user, "matrix")[1] if user is not None else None)
    client.client.raise_request_exception = False
    return client


def try_refused(call: Any, label: str, access: Access) -> list[str]:
    """Make one request that must be refused; what went wrong, if anything."""
    before = fingerprint()
    response = call()
    changes = changed_tables(before, fingerprint())
    problems = []
    if not is_refusal(response, access):
        problems.append(f"{label}: answered {describe(response)} instead of refusing")
    if changes:
        problems.append(f"{label}: was refused but changed {', '.join(changes)}")
    return problems


def answers(response: Any) -> bool:
    """An allowed role's GET: no refusal (405 for a page that only takes POST), no error."""
    refused = is_refusal(response) and response.status_code != 405
    return not refused and response.status_code < 500


@pytest.mark.parametrize("endpoint", PAGES_FOUND, ids=lambda e: e.key)
def test_it_gives_each_page_to_its_roles_only(endpoint: Endpoint, world: World):
    access = page_access(endpoint)
    assert access is not None, (
        f"declare the expected access for {endpoint.key} (/{endpoint.route}) "
        "in PAGES, tests/security/matrix.py"
    )
    url = page_url(endpoint, access, world)
    problems = []
    # Refused roles first, so that nothing an allowed role does can hide their attempts.
    for role in (r for r in ROLES if r not in access.roles):
        client = browser_of(world, role)
        for method in ("get", "post"):
            label = f"{method.upper()} {url} as {role}"
            problems += try_refused(lambda c=client, m=method: getattr(c, m)(url), label, access)
    for role in (r for r in ROLES if r in access.roles):
        response = browser_of(world, role).get(url)
        if not answers(response):
            problems.append(f"GET {url} as {role}: answered {describe(response)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("endpoint", OPERATIONS_FOUND, ids=lambda e: f"{e.method} {e.key}")
def test_it_gives_each_operation_to_its_roles_only(endpoint: Endpoint, world: World):
    access: Access | None = OPERATIONS.get(endpoint.key)
    assert access is not None, (
        f"declare the expected access for {endpoint.key} ({endpoint.method.upper()} "
        f"{endpoint.route}) in OPERATIONS, tests/security/matrix.py"
    )
    url = endpoint.url(access, world)
    body = access.body(world) if access.body else None
    label = f"{endpoint.method.upper()} {url}"
    problems = []
    for role in (r for r in ROLES if r not in access.roles):
        client = api_of(world, role)
        problems += try_refused(
            lambda c=client: c.request(endpoint.method, url, body), f"{label} as {role}", access
        )
    if endpoint.method == "get":
        for role in (r for r in ROLES if r in access.roles):
            response = api_of(world, role).get(url)
            if response.status_code != 200:
                problems.append(f"{label} as {role}: answered {describe(response)}")
    assert not problems, "\n".join(problems)


def test_it_declares_only_pages_and_operations_that_exist():
    """A renamed page would otherwise leave its old declaration behind, checking nothing."""
    assert set(PAGES) - {e.key for e in PAGES_FOUND} == set()
    assert set(OPERATIONS) - {e.key for e in OPERATIONS_FOUND} == set()
