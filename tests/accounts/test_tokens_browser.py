"""In a browser: creating a token long after signing in asks to confirm it's you first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.models import ApiToken
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_an_old_sign_in_confirms_the_password_and_keeps_the_token_name(page: Page, carol):
    sign_in(page, carol.email, PASSWORD)
    expect(page).to_have_url(re.compile("/program/$"))

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20), tick=True):
        page.goto("/settings/tokens/")
        page.get_by_label("Token name").fill("CRM sync")
        page.get_by_role("button", name="Create token").click()
        expect(page).to_have_url(re.compile("/accounts/reauthenticate/"))
        shoot(page, "tokens-confirm-before-creating")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("confirm", re.IGNORECASE)).click()

        expect(page.get_by_text("Copy it now: it will not be shown again.")).to_be_visible()
        expect(page.locator("#new-token-title")).to_contain_text("CRM sync")
        shoot(page, "tokens-created-after-confirming")
    assert ApiToken.objects.get(user=carol).name == "CRM sync"
