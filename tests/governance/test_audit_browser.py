"""In a browser: audit and account times in the organisation's zone; unknown sign-ins."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken, User
from podium.governance import audit
from podium.org.models import Organisation
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

INSTANT = dt.datetime(2025, 11, 20, 8, 14, 7, tzinfo=dt.UTC)


def test_the_audit_log_reads_in_the_organisations_zone(page: Page, carol, erin):
    Organisation.objects.update(timezone="Europe/Paris")
    with time_machine.travel(INSTANT, tick=False):
        audit.record(
            actor=carol,
            action="person.updated",
            target=erin.person,
            before={"title": "CEO"},
            after={"title": "Chair"},
        )
    sign_in(page, carol.email, PASSWORD)

    page.goto(reverse("governance-list-audit"))

    row = page.locator("table.audit-table > tbody > tr").filter(has_text="person.updated")
    when = row.locator("time")
    expect(when).to_have_text("20 Nov 2025, 09:14:07 CET")
    expect(when).to_have_attribute("title", "2025-11-20 08:14:07 UTC")
    expect(page.locator(".audit-time-note")).to_contain_text("Europe/Paris")
    expect(page.locator(".audit-time-note")).to_contain_text("exports give every time in UTC")
    row.get_by_role("button", name="Changes").click()
    expect(page.locator(".audit-detail.show")).to_contain_text("2025-11-20 08:14:07 UTC")
    shoot(page, "audit-log-organisation-time")


def test_account_pages_read_in_the_organisations_zone(page: Page, alice, carol):
    Organisation.objects.update(timezone="Europe/Paris")
    User.objects.filter(pk=carol.pk).update(last_login=INSTANT)
    token, _secret = do_create_token(alice, "CRM sync")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=INSTANT)
    sign_in(page, alice.email, PASSWORD)

    page.goto(reverse("accounts-list-users"))
    carol_row = page.get_by_role("row").filter(has_text="Carol Comms")
    expect(carol_row.locator("time")).to_have_text("20 Nov 2025, 09:14 CET")
    shoot(page, "users-last-sign-in-organisation-time")

    page.goto(reverse("accounts-list-tokens"))
    row = page.get_by_role("row").filter(has_text="CRM sync")
    expect(row.locator("time").nth(1)).to_have_text("20 Nov 2025, 09:14 CET")
    expect(row.locator("time").nth(1)).to_have_attribute("title", re.compile(r"08:14:07 UTC$"))
    shoot(page, "tokens-last-used-organisation-time")


def test_a_sign_in_with_an_unknown_address_shows_in_the_audit_log(page: Page, carol):
    sign_in(page, "nobody@example.com", "a guess")
    expect(page.get_by_role("alert")).to_be_visible()  # the sign-in page says it failed
    sign_in(page, carol.email, PASSWORD)

    page.goto(reverse("governance-list-audit") + "?action=user.sign_in_failed_unknown")

    row = page.locator("table.audit-table > tbody > tr").filter(has_text="nobody@example.com").first
    expect(row).to_contain_text("Podium")
    expect(row).to_contain_text("accounts.sign_in")
    row.get_by_role("button", name="Changes").click()
    expect(page.locator(".audit-detail.show")).to_contain_text("from 127.0.0.1")
    shoot(page, "audit-log-unknown-sign-in")
