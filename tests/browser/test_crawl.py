"""The accessibility and navigation gate: every page each demo reader can reach, in chromium.

For each role's home, and for the public's pages, tests/browser/crawl.py follows every link
and checks each kind of page: status below 400, no console error or CSP violation, no serious
or critical axe-core violation, no sideways scrolling at 390 px, no link to a page the reader
may not open, and GET forms that survive empty, over-long and non-ASCII values. A failure lists
every problem with its page, check, rule and elements. Runs once (SQLite): the pages do not
depend on the database engine.
"""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.lib.demo import DEMO_PASSWORD
from podium.org.models import Delegation, Person
from tests.browser.crawl import crawl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the crawl runs once per ./run test, on SQLite",
    ),
]


@pytest.fixture
def demo(transactional_db) -> None:
    call_command("demo", "--quiet")


def reader(role: str) -> User:
    if role == "executive":
        return Person.objects.exclude(user=None).order_by("pk").first().user
    if role == "assistant":
        return Delegation.objects.filter(kind=Delegation.Kind.ASSISTANT).order_by("pk")[0].user
    return User.objects.filter(role=Role(role), is_active=True).order_by("pk").first()


def signed_in_context(browser: Browser, live_server, user: User):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1360, "height": 860})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()
    return context


@pytest.mark.parametrize("role", ["admin", "comms", "approver", "executive", "assistant"])
def test_every_page_a_role_reaches_passes(browser: Browser, live_server, demo, role):
    context = signed_in_context(browser, live_server, reader(role))
    result = crawl(context, live_server.url, "/", f"{role} ({reader(role).email})")
    context.close()
    result.save(role)
    assert len(result.pages) >= 5, result.pages
    assert not result.problems, result.report()


def test_every_public_page_passes(browser: Browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1360, "height": 860})
    pages: list[str] = []
    problems = []
    starts = ["/blog/", "/ideas/", "/accounts/login/", "/accounts/password/reset/"]
    for number, start in enumerate(starts):
        result = crawl(context, live_server.url, start, "the public")
        result.save(f"public-{number + 1}")
        pages += result.pages
        problems += result.problems
    context.close()
    assert len(set(pages)) >= 4, pages
    assert not problems, "\n".join(str(p) for p in problems)
