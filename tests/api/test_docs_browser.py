"""The interactive API docs in Debian's chromium, under Podium's Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page

from podium.accounts.models import ApiToken
from tests.browser.support import SCREENSHOTS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def docs(browser: Browser, live_server, carol) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The docs page, opened by carol's signed-in browser; with its errors and hosts."""
    signed_in = Client()
    # Through the sign-in form: a fresh sign-in is what lets the session create a token.
    signed_in.post(reverse("account_login"), {"login": carol.email, "password": PASSWORD})
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": signed_in.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    errors: list[str] = []
    hosts: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: hosts.append(urlsplit(r.url).netloc))
    page.goto("/api/docs")
    yield page, errors, hosts
    context.close()


def test_it_shows_every_endpoint_without_a_third_party_host(docs, live_server):
    page, errors, hosts = docs
    page.wait_for_selector(".opblock")

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=True)

    assert {"/api/me", "/api/people", "/api/users", "/api/tokens", "/api/audit"} <= set(paths)
    assert set(hosts) == {urlsplit(live_server.url).netloc}
    assert not errors, errors


def test_it_calls_the_api_with_the_browser_session_including_writes(docs, carol):
    page, errors, _hosts = docs
    operation = page.locator("#operations-Tokens-create_token")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("textarea.body-param__text").fill('{"name": "from the docs"}')
    operation.get_by_role("button", name="Execute").click()

    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    operation.screenshot(path=str(SCREENSHOTS / "api-docs-try-it-out.png"))

    assert status.inner_text().strip() == "201"
    assert ApiToken.objects.filter(user=carol, name="from the docs").exists()
    assert not errors, errors
