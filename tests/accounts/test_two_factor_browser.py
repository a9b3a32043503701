"""In a browser: required two-factor stays on, and the authenticator app is replaced instead."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from playwright.sync_api import Page, expect

from podium.governance.models import AuditEntry
from tests.accounts.conftest import enrol, totp_code
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

# The codes typed here are computed for the window Podium checks.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("totp_clock")]


def test_a_required_app_is_replaced_not_turned_off(page: Page, carol):
    carol.require_two_factor = True
    carol.save()
    old_secret = enrol(carol)
    sign_in(page, carol.email, PASSWORD)
    page.locator("#id_code").fill(totp_code(old_secret))
    page.get_by_role("button", name="Verify and sign in").click()
    expect(page).to_have_url(re.compile("/program/$"))

    page.goto("/accounts/2fa/")
    expect(
        page.get_by_text("Required by your administrator, so it cannot be turned off.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Turn off")).to_have_count(0)
    shoot(page, "two-factor-required-index")

    page.goto("/accounts/2fa/totp/deactivate")
    expect(page.get_by_role("alert")).to_contain_text(
        "Your administrator requires two-factor authentication"
    )
    expect(page.get_by_role("button", name="Turn off")).to_have_count(0)
    shoot(page, "two-factor-turn-off-refused")

    page.get_by_role("link", name="Replace authenticator app").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/totp/replace/$"))
    new_secret = page.locator("#authenticator_secret").input_value()
    assert new_secret != old_secret
    shoot(page, "two-factor-replace")
    page.locator("#id_code").fill(totp_code(old_secret, 1))  # the old phone's code: refused
    page.get_by_role("button", name="Use the new app").click()
    expect(page.locator("#id_code_error")).to_contain_text("Type the code from the new app")
    expect(page.locator("#authenticator_secret")).to_have_value(new_secret)
    shoot(page, "two-factor-replace-wrong-code")

    page.locator("#id_code").fill(totp_code(new_secret))
    page.get_by_role("button", name="Use the new app").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/$"))
    expect(page.locator("body")).to_contain_text("Your new authenticator app is in use")
    app = Authenticator.objects.get(user=carol, type=Authenticator.Type.TOTP)
    assert decrypt(app.data["secret"]) == new_secret
    assert AuditEntry.objects.filter(action="user.two_factor_replaced", actor_id=carol.pk).exists()
