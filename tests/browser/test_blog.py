"""The blog in chromium: a reader comments, the executive moderates, the comment shows;
the feed the page advertises is valid; a delegate's draft is approved and published."""

from __future__ import annotations

import feedparser
import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from podium.blog.models import Article
from tests.blog.helpers import article
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def published(transactional_db, erin, live_server, settings):
    settings.PODIUM_BASE_URL = live_server.url
    cache.clear()
    erin.person.bio = "Runs the group and still works a night shift twice a year."
    erin.person.save()
    return article(
        erin.person,
        "What a night shift taught me",
        summary="Eight hours at the front desk.",
        body="Twice a year I work a shift.\n\n> A hotel is a promise.\n\nThank you, team.",
    )


def test_read_comment_moderate_and_subscribe(page: Page, published, erin):
    page.goto("/blog/")
    page.get_by_role("link", name="What a night shift taught me").first.click()
    expect(page.locator("h1")).to_have_text("What a night shift taught me")
    expect(page.locator(".blog-author-card")).to_contain_text("still works a night shift")
    shoot(page, "blog-article")

    page.get_by_label("Your name").fill("Pat Reader")
    page.get_by_label("Your email").fill("pat@example.org")
    page.get_by_label("Your comment").fill("The night porter in Lisbon was wonderful.")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for moderation")
    expect(page.locator(".blog-comment")).to_have_count(0)
    shoot(page, "blog-comment-pending")

    sign_in(page, erin.email, PASSWORD)
    page.goto("/blog/moderate/")
    expect(page.locator(".blog-moderation-item")).to_contain_text("night porter in Lisbon")
    shoot(page, "blog-moderation")
    page.get_by_role("button", name="Approve: comment by Pat Reader").click()
    expect(page.get_by_text("Every comment has been read.")).to_be_visible()

    page.goto(published.get_absolute_url())
    expect(page.locator("#comments-title")).to_have_text("1 comment")
    expect(page.locator(".blog-comment")).to_contain_text("night porter in Lisbon")
    expect(page.locator(".blog-comment")).not_to_contain_text("pat@example.org")

    feed_url = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute(
        "href"
    )
    response = page.request.get(feed_url)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["What a night shift taught me"]
    assert feed.entries[0].link == published.public_url()


def test_a_delegates_draft_is_approved_then_published(page: Page, published, erin, ian):
    sign_in(page, ian.email, PASSWORD)
    page.goto("/blog/write/new/")
    page.get_by_label("Title").fill("Opening in Lisbon")
    page.get_by_label("Text").fill("We open **today**.\n\nCome and see.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-warning")).to_contain_text("approves the exact text")
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    shoot(page, "blog-write-delegate")

    page.context.clear_cookies()  # sign out
    sign_in(page, erin.email, PASSWORD)
    page.goto("/blog/write/?status=approval")
    page.get_by_role("link", name="Opening in Lisbon").click()
    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".blog-prose strong")).to_have_text("today")
    page.get_by_role("link", name="Back to editing").click()
    page.get_by_role("button", name="Approve this text").click()
    expect(page.get_by_role("status").first).to_contain_text("Approved")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".page-header")).to_contain_text("Published")
    shoot(page, "blog-write-published")

    draft = Article.objects.get(title="Opening in Lisbon")
    assert draft.created_by == ian and draft.approved_by == erin and draft.is_published
    page.goto("/blog/")
    expect(page.get_by_role("link", name="Opening in Lisbon", exact=True)).to_be_visible()
