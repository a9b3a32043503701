"""Channel pages in chromium: disconnecting (what happens at the network, then whether it did)
and the connect problem page LinkedIn and X share."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from podium.channels.actions import do_connect_account
from podium.channels.models import ChannelAccount
from tests.browser.support import shoot, sign_in
from tests.channels.test_revoke import mastodon_account, token_works
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.servers
def test_disconnecting_mastodon_revokes_podiums_access(
    page: Page, transactional_db, erin, mastodon_server, local_servers
):
    account, token = mastodon_account(erin.person, mastodon_server)
    sign_in(page, erin.email, PASSWORD)
    page.goto(f"/people/{erin.person.slug}/channels/")
    page.get_by_role("link", name=re.compile("Disconnect", re.IGNORECASE)).first.click()

    expect(page.locator("h1")).to_contain_text("Disconnect Mastodon")
    expect(page.get_by_text("Podium also asks the Mastodon server to revoke")).to_be_visible()
    shoot(page, "channels-disconnect-mastodon")
    page.get_by_role("button", name="Disconnect").click()

    expect(page.get_by_text("The Mastodon server revoked Podium's access.")).to_be_visible()
    shoot(page, "channels-disconnected-mastodon")
    assert not token_works(mastodon_server.base_url, token)
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED


def test_disconnecting_linkedin_tells_the_owner_where_to_remove_podium(
    page: Page, transactional_db, erin
):
    do_connect_account(
        erin,
        erin.person,
        "linkedin",
        handle="Erin Executive",
        remote_account_id="abc123",
        access_token="linkedin-token",
    )
    sign_in(page, erin.email, PASSWORD)
    page.goto(f"/people/{erin.person.slug}/channels/")
    page.get_by_role("link", name=re.compile("Disconnect", re.IGNORECASE)).first.click()

    expect(page.get_by_text("Data privacy → Permitted services")).to_be_visible()
    shoot(page, "channels-disconnect-linkedin")
    page.get_by_role("button", name="Disconnect").click()

    expect(page.get_by_role("status").filter(has_text="Permitted services")).to_be_visible()
    shoot(page, "channels-disconnected-linkedin")


@pytest.mark.parametrize(("network", "label"), [("linkedin", "LinkedIn"), ("x", "X")])
def test_the_shared_connect_problem_page(
    page: Page, transactional_db, erin, settings, network, label
):
    settings.LINKEDIN_CLIENT_ID = settings.X_CLIENT_ID = ""
    sign_in(page, erin.email, PASSWORD)
    page.goto(f"/channels/connect/{network}/?person={erin.person.slug}")

    expect(page.get_by_role("heading", name=f"{label} is not connected")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(f"{label} is not set up on this Podium yet")
    expect(page.get_by_role("link", name="Try again")).to_have_attribute(
        "href", f"/channels/connect/{network}/?person={erin.person.slug}"
    )
    shoot(page, f"channels-connect-{network}-not-set-up")
