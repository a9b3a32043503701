"""Compose in chromium: the live count by each network's rules, the preview, scheduling at a
local time, and moving the post by dragging it in the calendar."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.publishing.models import Post
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.publishing.composing import account

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def erin_on_networks(transactional_db, erin):
    erin.person.timezone = "Europe/London"
    erin.person.save()
    for network in ("mastodon", "bluesky", "x", "linkedin"):
        account(erin.person, network)
    return erin


def test_compose_count_preview_schedule_and_drag(page: Page, erin_on_networks):
    erin = erin_on_networks
    sign_in(page, erin.email, PASSWORD)
    page.goto("/compose/")
    expect(page.locator("h1")).to_contain_text("Compose")
    page.get_by_label("X", exact=True).check()

    link = "https://example.com/" + "a" * 60
    page.get_by_label("Post", exact=True).fill(f"Lisbon opens today {link}")
    # Mastodon and X count the link as 23; Bluesky counts every character.
    expect(page.locator('[data-count="mastodon"]')).to_have_text("42 / 500")
    expect(page.locator('[data-count="x"]')).to_have_text("42 / 280")
    expect(page.locator('[data-count="bluesky"]')).to_have_text(f"{19 + len(link)} / 300")
    expect(page.locator('[data-preview="mastodon"] [data-preview-parts]')).to_contain_text(
        "Lisbon opens today"
    )

    # Too long for X: the problem shows and scheduling is held back.
    page.get_by_label("At a date and time").check()
    page.get_by_label("Post", exact=True).fill("x" * 290)
    expect(page.locator('[data-problems="x"]')).to_contain_text("10 over X's limit of 280")
    expect(page.locator("[data-submit]")).to_be_disabled()
    shoot(page, "compose-too-long")

    page.get_by_label("Post", exact=True).fill("Lisbon opens today. Come and see.")
    expect(page.locator("[data-submit]")).to_be_enabled()
    when = (
        (timezone.now() + dt.timedelta(days=2))
        .astimezone(LONDON)
        .replace(hour=9, minute=30, second=0, microsecond=0)
    )
    page.locator("#id_at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    shoot(page, "compose-ready")
    page.locator("[data-submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Scheduled")
    post = Post.objects.get()
    assert post.scheduled_for == when
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}

    page.goto(f"/calendar/?start={when.date().isoformat()}")
    entry = page.locator(f'[data-post="{post.pk}"]')
    expect(entry).to_be_visible()
    target_day = when.date() + dt.timedelta(days=1)
    target = page.locator(f'[data-drop-date="{target_day.isoformat()}"][data-drop-hour="14"]')
    if target_day.weekday() == 0:  # the next day is in the following week: use the day before
        target_day = when.date() - dt.timedelta(days=1)
        target = page.locator(f'[data-drop-date="{target_day.isoformat()}"][data-drop-hour="14"]')
    entry.drag_to(target)
    expect(page.locator("[data-calendar-message]")).to_contain_text(re.compile("Moved to"))
    shoot(page, "calendar-week-moved")
    post.refresh_from_db()
    assert post.scheduled_for == dt.datetime.combine(target_day, dt.time(14, 30), LONDON)
