"""Policy in chromium: a finding is marked in compose as one types, and a quiet period stops
a post from being scheduled, with the reason."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.publishing.models import Post
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.policy.building import quiet, rule
from tests.publishing.composing import account

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def erin_on_networks(transactional_db, erin, carol):
    erin.person.timezone = "Europe/London"
    erin.person.save()
    for network in ("mastodon", "x"):
        account(erin.person, network)
    return erin


def test_a_finding_is_marked_as_one_types_and_a_quiet_period_blocks(
    page: Page, erin_on_networks, carol
):
    erin = erin_on_networks
    rule(carol, kind="legal", patterns="we expect", effect="step", reason="Legal reads claims.")
    day = (timezone.now() + dt.timedelta(days=3)).astimezone(LONDON)
    quiet(carol, day.date(), day.date(), effect="block", reason="Nothing before results.")
    sign_in(page, erin.email, PASSWORD)
    page.goto("/compose/")
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("No policy or roster findings")

    page.get_by_label("Post", exact=True).press_sequentially("This year we expect more", delay=20)
    expect(findings.locator("mark")).to_have_text("we expect")
    expect(findings).to_contain_text("Legal reads claims.")
    expect(findings).to_contain_text("Needs an approval step")  # the effect in words too
    shoot(page, "policy-compose-finding")

    page.get_by_label("At a date and time").check()
    page.locator("#id_at").fill(day.replace(hour=9, minute=30).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_at").dispatch_event("change")
    expect(findings).to_contain_text("Nothing before results.")
    expect(findings).to_contain_text("Blocks scheduling")
    page.locator("[data-submit]").click()
    expect(page.locator("body")).to_contain_text("This post cannot be scheduled: Nothing before")
    shoot(page, "policy-quiet-period-blocks")
    assert not Post.objects.exists()
