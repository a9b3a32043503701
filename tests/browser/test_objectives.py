"""An objective's chart in chromium: the demo's objectives, their chart against the target and
the figures beside it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.models import User
from podium.governance.objectives import Objective
from podium.lib.demo import DEMO_PASSWORD
from podium.system.demo import run_demo
from tests.browser.support import shoot, sign_in

pytestmark = pytest.mark.browser


def test_the_comms_manager_reads_an_objectives_chart(page: Page, transactional_db):
    run_demo()
    fatima = User.objects.get(role="comms")
    sign_in(page, fatima.email, DEMO_PASSWORD)

    page.get_by_role("link", name="Objectives").first.click()
    expect(page.get_by_role("heading", name="Objectives")).to_be_visible()
    shoot(page, "objectives-list")
    goal = Objective.objects.get(kpi="blog.articles_published")
    page.get_by_role("link", name=goal.name).click()

    chart = page.get_by_role("img", name=goal.name)
    expect(chart).to_be_visible()
    expect(page.get_by_text("Target 40 articles")).to_be_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() >= 12
    shoot(page, "objective-chart")
