"""A person signs in from the browser and lands on the home page of their role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

HOMES = {
    "alice": ("/manage/", "Administration"),
    "carol": ("/program/", "Executive program"),
    "arthur": ("/approvals/", "Approvals"),
    "erin": ("/me/", "Erin Executive"),
}


@pytest.mark.parametrize("persona", sorted(HOMES))
def test_it_lands_each_role_on_its_home(page: Page, persona: str, request):
    user = request.getfixturevalue(persona)
    path, heading = HOMES[persona]
    sign_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.locator("h1.page-title")).to_contain_text(heading)
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    shoot(page, f"home-{user.role}")


def test_it_shows_only_the_navigation_a_role_may_use(page: Page, erin):
    sign_in(page, erin.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)
    page.goto("/manage/users/")
    expect(page.locator("body")).to_contain_text("403")


def test_a_wrong_password_says_so_and_keeps_the_email(page: Page, carol):
    sign_in(page, carol.email, "not the password")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("password")
    expect(page.get_by_label("Email")).to_have_value(carol.email)
    expect(page).to_have_url(re.compile("/accounts/login/"))
    shoot(page, "sign-in-wrong-password")


def test_signing_out_returns_to_the_sign_in_page(page: Page, carol):
    sign_in(page, carol.email, PASSWORD)
    page.get_by_role("link", name=re.compile("^Account menu")).filter(visible=True).click()
    page.get_by_role("button", name="Sign out").filter(visible=True).click()
    # allauth may ask to confirm; either way the person ends signed out.
    confirm = page.get_by_role("button", name=re.compile("sign out", re.IGNORECASE))
    if page.url.endswith("/accounts/logout/"):
        confirm.first.click()
    page.goto("/program/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
