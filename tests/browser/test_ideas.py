"""The idea portal in chromium, on a phone: a guest signs in by the emailed link, finds a
similar idea while typing theirs, votes for it instead, and comments; an XSS payload in an
idea runs nowhere; comms change its status from the staff page and the guest sees it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from podium.ideas.models import Idea
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.ideas.helpers import board, category, idea

pytestmark = pytest.mark.browser

PAYLOAD = '<img src="data:,x" onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture
def portal(transactional_db, organisation, live_server, settings):
    settings.PODIUM_BASE_URL = live_server.url
    cache.clear()
    board("Guests")
    category("Breakfast")
    return idea("Serve breakfast until noon at weekends", description=f"Sleep in. {PAYLOAD}")


def test_a_guest_signs_in_finds_a_similar_idea_votes_and_comments(phone: Page, portal):
    phone.goto("/ideas/")
    expect(phone.locator("h1")).to_contain_text("Meridian Hotels")
    phone.get_by_role("link", name="Share an idea").first.click()
    phone.get_by_role("link", name="sign in with your email address").click()
    phone.get_by_label("Email address").fill("nora@example.org")
    phone.get_by_label("Your name, as shown beside your ideas").fill("Nora")
    phone.get_by_role("button", name="Email me a link").click()
    expect(phone.locator("h1")).to_have_text("Check your email")
    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link is not None
    phone.goto(link[0])
    phone.get_by_role("button", name="Sign me in").click()
    expect(phone.get_by_role("status").first).to_contain_text("Signed in as Nora")

    phone.goto("/ideas/new/")
    phone.get_by_label("Title").press_sequentially("Later breakfast please", delay=20)
    suggestion = phone.locator("#similar").get_by_role("link", name=portal.title)
    expect(suggestion).to_be_visible()
    shoot(phone, "ideas-similar-phone")
    suggestion.click()
    assert phone.evaluate("window.__pwned") is None
    phone.get_by_role("button", name="Vote for this idea").click()
    expect(phone.locator(".idea-vote-count")).to_have_text("2 votes")
    phone.get_by_label("Your comment").fill("Yes, **at weekends** most of all.")
    phone.get_by_role("button", name="Post comment").click()
    expect(phone.locator(".idea-comment strong", has_text="at weekends")).to_be_visible()
    no_sideways = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone.evaluate(no_sideways)
    assert Idea.objects.count() == 1


def test_comms_change_a_status_the_public_sees(page: Page, portal, carol):
    sign_in(page, carol.email, PASSWORD)
    page.goto("/ideas/manage/")
    page.get_by_role("link", name=portal.title).click()
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("Message").fill("In every hotel from March.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status").first).to_contain_text("Status changed")
    assert page.evaluate("window.__pwned") is None
    page.goto(portal.get_absolute_url())
    expect(page.locator(".idea-history")).to_contain_text("In every hotel from March.")
    page.goto("/ideas/roadmap/")
    expect(page.locator("#roadmap-planned")).to_be_visible()
    expect(page.get_by_role("link", name=portal.title)).to_be_visible()
