"""Approvals in chromium: ian drafts a post for erin in compose, erin sees the bell count and the
"Waiting for your approval" card on her home and approves it there, and ian is told."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from podium.notifications.models import Nudge
from podium.outbox import notices
from podium.outbox.models import Publication
from podium.publishing.models import Post
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.publishing.composing import account, draft
from tests.publishing.fakes import make_publication

pytestmark = pytest.mark.browser
TEXT = "Our Lisbon hotel opens its doors today. Come and see the river from the roof."


@pytest.fixture
def erin_on_networks(transactional_db, erin, ian):
    for network in ("mastodon", "bluesky"):
        account(erin.person, network)
    return erin


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_ian_drafts_erin_approves_from_home_and_ian_is_told(page: Page, erin_on_networks, ian):
    erin = erin_on_networks
    # Ian drafts a post for Erin in compose.
    sign_in(page, ian.email, PASSWORD)
    page.goto("/compose/")
    page.get_by_label("Executive").select_option(label=erin.person.name)
    page.get_by_label("Mastodon", exact=True).check()
    page.get_by_label("Bluesky", exact=True).check()
    page.get_by_label("Post", exact=True).fill(TEXT)
    page.locator("[data-submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Post.objects.get().latest_revision.needs_executive_approval
    # Ian's own home says what waits for Erin.
    page.goto("/me/")
    drafted = page.get_by_test_id("drafted-card")
    expect(drafted).to_contain_text("Our Lisbon hotel opens its doors today.")
    expect(drafted).to_contain_text("Waiting for Erin Executive's approval")
    shoot(page, "approvals-assistant-home")
    sign_out(page)

    # Erin signs in: the bell counts one, the card lists the draft.
    sign_in(page, erin.email, PASSWORD)
    expect(page.locator("[data-testid=notification-count]:visible")).to_have_text("1")
    card = page.get_by_test_id("waiting-card")
    expect(card).to_contain_text("Waiting for your approval")
    expect(card).to_contain_text("drafted by Ian Assistant")
    expect(card).to_contain_text("Mastodon")
    expect(card).to_contain_text("Bluesky")
    shoot(page, "approvals-executive-home")
    assert [m.to for m in mail.outbox] == [[erin.email]]

    # The notifications page lists it; Erin approves from her home.
    page.locator("[data-testid=notification-bell]:visible").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.get_by_test_id("notification")).to_contain_text("Ian Assistant drafted a post")
    shoot(page, "notifications-unread")
    page.goto("/me/")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Approved. This exact text may now be published: “Our Lisbon hotel opens"
    )
    expect(page.get_by_test_id("waiting-empty")).to_be_visible()
    expect(page.get_by_test_id("notification-count")).to_have_count(0)
    shoot(page, "approvals-executive-home-approved")
    sign_out(page)

    # Ian is told: the bell, the page, and the link to the post's status.
    sign_in(page, ian.email, PASSWORD)
    expect(page.locator("[data-testid=notification-count]:visible")).to_have_text("1")
    expect(page.get_by_test_id("drafted-empty")).to_be_visible()
    page.goto("/notifications/")
    item = page.get_by_test_id("notification")
    expect(item).to_contain_text("Erin Executive approved your post")
    shoot(page, "notifications-approved")
    item.get_by_role("button", name="Open").click()
    expect(page).to_have_url(re.compile(r"/posts/\d+/$"))
    assert Nudge.objects.get(user=ian).read_at is not None


def test_the_notifications_page_on_a_phone(phone: Page, transactional_db, erin, ian, carol):
    for n in range(3):
        draft(ian, erin.person, f"Draft number {n + 1} for the spring campaign, ready to go.")
    draft(carol, erin.person, "A note from the communications team about the awards dinner.")
    failed = make_publication(
        erin.person,
        text="Our Osaka team cut energy use by 12% this year.",
        state=Publication.State.FAILED,
        last_error="Validation failed: Text character limit of 500 exceeded",
    )
    notices.notify_publication_failed(failed)
    sign_in(phone, erin.email, PASSWORD)
    expect(phone.locator("[data-testid=notification-count]:visible")).to_have_text("5")
    expect(phone.get_by_test_id("waiting-item")).to_have_count(4)
    shoot(phone, "approvals-executive-home-phone")
    phone.goto("/notifications/")
    expect(phone.get_by_test_id("notification")).to_have_count(5)
    shoot(phone, "notifications-phone")
    phone.get_by_test_id("read-all").click()
    expect(phone.locator(".alert-success")).to_contain_text("Marked 5 notifications read.")
    expect(phone.get_by_test_id("notifications-empty")).to_be_visible()
    shoot(phone, "notifications-phone-caught-up")


def test_comms_see_their_waiting_drafts_on_the_program_home(
    page: Page, transactional_db, carol, erin
):
    draft(carol, erin.person, "Our awards dinner raised money for three local schools.")
    sign_in(page, carol.email, PASSWORD)
    card = page.get_by_test_id("drafted-card")
    expect(card).to_contain_text("Our awards dinner raised money for three local schools.")
    expect(card).to_contain_text("Waiting for Erin Executive's approval")
    shoot(page, "approvals-comms-program-home")


def test_erin_turns_notification_emails_off_on_the_notifications_page(
    page: Page, transactional_db, erin
):
    sign_in(page, erin.email, PASSWORD)
    page.goto("/notifications/")
    switch = page.get_by_label(re.compile("Email me each notification too"))
    expect(switch).to_be_checked()

    switch.uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Notifications now stay in Podium")).to_be_visible()
    expect(page.get_by_text("You get them here only, not by email.")).to_be_visible()
    expect(page.get_by_label(re.compile("Email me each notification too"))).not_to_be_checked()
    shoot(page, "notifications-emails-off")
    erin.refresh_from_db()
    assert erin.notify_by_email is False
