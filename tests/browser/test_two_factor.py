"""Two-factor sign-in with a TOTP code, from enrolment to signing in again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.conftest import not_the_code, totp_code
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD, TOTP_PERIOD

pytestmark = pytest.mark.browser


def test_it_enrols_a_totp_app_and_asks_for_a_code_at_the_next_sign_in(totp_clock, page: Page, erin):
    sign_in(page, erin.email, PASSWORD)
    page.goto("/accounts/2fa/totp/activate")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    shoot(page, "two-factor-enrol")
    page.locator("#id_code").fill(not_the_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#id_code_error")).to_be_visible()
    expect(page.locator("#authenticator_secret")).to_have_value(secret)

    page.locator("#id_code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("body")).to_contain_text(re.compile("recovery codes", re.IGNORECASE))
    assert erin.authenticator_set.filter(type="totp").exists()

    page.context.clear_cookies()
    # A code works once: the next sign-in happens in the next 30-second window.
    totp_clock.shift(TOTP_PERIOD)
    sign_in(page, erin.email, PASSWORD)
    expect(page.locator("#id_code")).to_be_visible()
    shoot(page, "two-factor-code-prompt")
    page.locator("#id_code").fill(totp_code(secret))
    page.get_by_role("button", name="Verify and sign in").click()
    expect(page).to_have_url(re.compile("/me/$"))


def test_an_administrator_can_require_it_and_the_user_is_sent_to_enrol(page: Page, carol):
    carol.require_two_factor = True
    carol.save()
    sign_in(page, carol.email, PASSWORD)
    expect(page).to_have_url(re.compile("/accounts/2fa/totp/activate"))
    expect(page.locator("body")).to_contain_text("requires two-factor")
    page.goto("/program/")
    expect(page).to_have_url(re.compile("/accounts/2fa/totp/activate"))
