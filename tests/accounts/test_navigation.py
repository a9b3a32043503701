"""The sidebar shows each role exactly the pages it may open: the views' own role checks decide."""

import re

import pytest
from django.test import Client

from podium.accounts.context import NAVIGATION

SIDEBAR_LINK = re.compile(
    r'<a class="nav-link" href="([^"]+)"[^>]*>\s*<span class="nav-link-icon">'
)


def sidebar(client: Client) -> set[str]:
    return set(SIDEBAR_LINK.findall(client.get("/", follow=True).content.decode()))


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur", "erin"])
def test_every_link_in_a_roles_sidebar_opens_and_every_other_page_refuses(persona, request):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    shown = sidebar(client)
    assert len(shown) >= 4, "every role has a sidebar"
    for item in NAVIGATION:
        status = client.get(item.url, follow=True).status_code
        if item.url in shown:
            assert status == 200, f"{item.label} ({item.url}) is shown to {user.role}: {status}"
        else:
            assert status == 403, f"{item.label} ({item.url}) is hidden from {user.role}: {status}"


def test_an_executive_sees_voice_but_not_administration(client, erin):
    client.force_login(erin)
    html = client.get("/me/").content.decode()
    for label in ("Compose", "Posts", "Calendar", "Channels", "Blog", "Comments"):
        assert f'<span class="nav-link-title">{label}</span>' in html
    for label in ("Users", "Audit log", "System status"):
        assert f'<span class="nav-link-title">{label}</span>' not in html
