"""CSRF: a form posted from another site is refused on every page, and the API asks browsers
(session sign-in) for the CSRF header but not scripts holding an API token.

The pages and operations are the access matrix's (tests/security/matrix.py), each posted by
a role allowed to use it, so that the refusal is the CSRF check and not the role's.
"""

from __future__ import annotations

import json

from django.test import Client

from podium.accounts.actions import do_create_token
from tests.security.conftest import ROLES, World
from tests.security.matrix import (
    OPERATIONS,
    changed_tables,
    describe,
    fingerprint,
    operations,
    page_access,
    page_url,
    pages,
)


def browser_without_token(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if world.user(role) is not None:
        client.force_login(world.user(role))
    return client


def refused_unchanged(response, label: str, before: tuple[int, ...]) -> list[str]:
    problems = []
    if response.status_code != 403:
        problems.append(f"{label}: answered {describe(response)} instead of 403")
    if changes := changed_tables(before, fingerprint()):
        problems.append(f"{label}: changed {', '.join(changes)}")
    return problems


def test_it_refuses_every_form_posted_without_the_csrf_token(world: World):
    problems = []
    for endpoint in pages():
        access = page_access(endpoint)
        if access is None or not access.roles:
            continue  # the matrix reports undeclared pages; nobody may post to the others
        role = next(r for r in ROLES if r in access.roles)
        url = page_url(endpoint, access, world)
        before = fingerprint()
        response = browser_without_token(world, role).post(url, {"name": "Cross-site"})
        problems += refused_unchanged(response, f"POST {url} as {role} without CSRF", before)
    assert not problems, "\n".join(problems)


def test_it_refuses_the_api_to_a_browser_session_without_the_csrf_header(world: World):
    problems = []
    for endpoint in operations():
        access = OPERATIONS.get(endpoint.key)
        if endpoint.method == "get" or access is None:
            continue
        # Tokens are made in the browser only: those operations are tried as erin.
        role = next((r for r in ROLES if r in access.roles), "executive")
        url = endpoint.url(access, world)
        body = access.body(world) if access.body else {}
        before = fingerprint()
        response = browser_without_token(world, role).generic(
            endpoint.method.upper(), url, json.dumps(body), "application/json"
        )
        label = f"{endpoint.method.upper()} {url} as {role}, signed in, without X-CSRFToken"
        problems += refused_unchanged(response, label, before)
    assert not problems, "\n".join(problems)


def test_it_needs_no_csrf_header_with_an_api_token(world: World):
    _token, secret = do_create_token(world.user("admin"), "script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/people",
        {"name": "Dana Director", "title": "Director"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code in (200, 201), response.content
    assert response.json()["name"] == "Dana Director"
