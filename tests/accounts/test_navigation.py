"""The sidebar shows each role the pages it may open, and every link it shows opens."""

import pytest
from django.test import Client

from podium.accounts.context import NAVIGATION


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur", "erin"])
def test_every_link_in_a_roles_sidebar_opens(persona, request):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    shown = [item for item in NAVIGATION if user.role in item.roles]
    assert shown, "every role has a sidebar"
    for item in shown:
        response = client.get(item.url, follow=True)
        assert response.status_code == 200, f"{item.label} ({item.url}) fails for {user.role}"


def test_an_executive_sees_voice_but_not_administration(client, erin):
    client.force_login(erin)
    html = client.get("/me/").content.decode()
    for label in ("Compose", "Posts", "Calendar", "Channels", "Blog", "Comments"):
        assert f'<span class="nav-link-title">{label}</span>' in html
    for label in ("Users", "Audit log", "System status"):
        assert f'<span class="nav-link-title">{label}</span>' not in html
