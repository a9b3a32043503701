"""Two-factor sign-in with a TOTP code, from enrolment to signing in again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PERIOD = 30


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // PERIOD))


def test_it_enrols_a_totp_app_and_asks_for_a_code_at_the_next_sign_in(page: Page, erin):
    sign_in(page, erin.email, PASSWORD)
    page.goto("/accounts/2fa/totp/activate")
    secret = page.locator("#authenticator_secret").input_value()
    assert len(secret) >= 16
    shoot(page, "two-factor-enrol")
    page.locator("#id_code").fill("000000" if code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#id_code_error")).to_be_visible()
    expect(page.locator("#authenticator_secret")).to_have_value(secret)

    page.locator("#id_code").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("body")).to_contain_text(re.compile("recovery codes", re.IGNORECASE))
    assert erin.authenticator_set.filter(type="totp").exists()

    page.context.clear_cookies()
    # A code works once: the next sign-in happens in the next 30-second window.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=PERIOD + 1), tick=True):
        sign_in(page, erin.email, PASSWORD)
        expect(page.locator("#id_code")).to_be_visible()
        shoot(page, "two-factor-code-prompt")
        page.locator("#id_code").fill(code_for(secret))
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
