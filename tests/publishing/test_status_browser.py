"""The post status page in a browser: it follows a post live and retries a failed one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.outbox import public as outbox
from podium.outbox.models import Publication
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.publishing.fakes import fake_network_fixture, make_publication  # noqa: F401

pytestmark = pytest.mark.browser
State = Publication.State


@pytest.fixture
def tab(request) -> Page:
    """A signed-out browser tab on the live server (tests.browser.conftest.page)."""
    return request.getfixturevalue("page")


def test_the_page_follows_a_post_until_it_is_sent(tab: Page, erin):
    publication = make_publication(erin.person, due_in_seconds=3600)
    sign_in(tab, erin.email, PASSWORD)
    tab.goto(reverse("publishing-show-post", args=[publication.post_id]))
    networks = tab.locator("#publications")
    expect(networks).to_contain_text("Scheduled for")
    expect(networks).to_contain_text("Updating as it happens")

    Publication.objects.filter(pk=publication.pk).update(
        state=State.SENT,
        remote_id="1099",
        remote_url="https://social.example/@erin/1099",
        sent_at=timezone.now(),
    )

    expect(networks.get_by_text("Sent", exact=True)).to_be_visible(timeout=10_000)
    expect(networks.get_by_role("link", name="View post")).to_have_attribute(
        "href", "https://social.example/@erin/1099"
    )
    expect(networks).not_to_contain_text("Updating as it happens")  # polling stopped
    expect(networks).not_to_have_attribute("hx-trigger", "every 3s")
    shoot(tab, "post-status-sent")


def test_a_failed_post_is_retried_from_the_page(tab: Page, erin, fake_network):
    publication = make_publication(
        erin.person,
        state=State.FAILED,
        error_kind=outbox.TRANSIENT,
        last_error="Gave up after 6 attempts. Last error: 503 Service Unavailable",
    )
    sign_in(tab, erin.email, PASSWORD)
    tab.goto(reverse("publishing-show-post", args=[publication.post_id]))
    networks = tab.locator("#publications")
    expect(networks).to_contain_text("503 Service Unavailable")
    shoot(tab, "post-status-failed")

    networks.get_by_role("button", name="Retry").click()

    expect(tab.locator(".alert")).to_contain_text("Sending to")
    expect(networks.get_by_text("Sent", exact=True)).to_be_visible(timeout=10_000)
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 1
