"""Every page a person uses, opened in chromium as the role that uses it, on the demo company.

Each visit checks the page's heading and that the browser reported no error (see conftest),
and leaves a screenshot in test-artifacts/screenshots/ (desktop, and phone for the homes).
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.lib.demo import DEMO_PASSWORD
from podium.org.models import Person
from tests.browser.support import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db) -> None:
    call_command("demo", "--quiet")


def demo_user(role: Role) -> User:
    return User.objects.filter(role=role, is_active=True).order_by("pk").first()


def visit(page: Page, path: str, heading: str, name: str) -> None:
    page.goto(path)
    expect(page.locator("h1").first).to_contain_text(heading)
    shoot(page, name)


def test_the_administrator_pages(page: Page, demo):
    sign_in(page, demo_user(Role.ADMIN).email, DEMO_PASSWORD)
    visit(page, "/manage/", "Administration", "admin-home")
    visit(page, "/manage/users/", "Users", "admin-users")
    visit(page, "/manage/users/new/", "user", "admin-user-new")
    visit(
        page,
        f"/manage/users/{demo_user(Role.COMMS).pk}/",
        demo_user(Role.COMMS).full_name,
        "admin-user-edit",
    )
    visit(page, "/organisation/", "Organisation", "admin-organisation")
    visit(page, "/system/", "System status", "admin-system-status")
    page.get_by_role("button", name=re.compile("ping", re.IGNORECASE)).click()
    expect(page.locator(".alert").first).to_be_visible()


def test_the_communications_manager_pages(page: Page, demo):
    sign_in(page, demo_user(Role.COMMS).email, DEMO_PASSWORD)
    visit(page, "/program/", "Executive program", "comms-program")
    visit(page, "/people/", "People", "comms-people")
    ceo = Person.objects.order_by("pk").first()
    visit(page, f"/people/{ceo.slug}/", ceo.name, "comms-person")
    visit(page, f"/people/{ceo.slug}/edit/", "Edit profile", "comms-person-edit")
    visit(page, "/people/new/", "person", "comms-person-new")
    visit(page, "/audit/", "Audit log", "comms-audit")
    visit(page, "/approvals/", "Approvals", "comms-approvals")


def test_the_executive_pages(page: Page, demo):
    executive = Person.objects.exclude(user=None).order_by("pk").first().user
    sign_in(page, executive.email, DEMO_PASSWORD)
    visit(page, "/me/", executive.person.name, "executive-home")
    visit(page, f"/people/{executive.person.slug}/edit/", "Edit profile", "executive-edit-profile")
    visit(page, "/accounts/2fa/", "Account settings", "executive-two-factor")
    visit(page, "/accounts/password/change/", "Account settings", "executive-password")


def test_the_homes_on_a_phone(phone: Page, demo):
    sign_in(phone, demo_user(Role.COMMS).email, DEMO_PASSWORD)
    expect(phone.locator("h1").first).to_contain_text("Executive program")
    # The sidebar folds into a menu button on a phone.
    people = phone.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="People"
    )
    expect(people).to_be_hidden()
    phone.get_by_role("button", name="Open the menu").click()
    expect(people).to_be_visible()
    shoot(phone, "phone-program")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone: it scrolls sideways"


def test_the_sign_in_page_and_api_docs(page: Page, demo):
    visit(page, "/accounts/login/", "Sign in", "sign-in")
    visit(page, "/accounts/password/reset/", "password", "password-reset")
    page.goto("/api/docs")
    expect(page.get_by_text("/api/people").first).to_be_visible(timeout=15000)
    shoot(page, "api-docs")
