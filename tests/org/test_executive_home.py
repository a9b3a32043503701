import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.channels.models import ChannelAccount
from tests.conftest import make_user

URL = reverse("org-executive-home")


def test_it_shows_the_executive_their_profile_and_accounts(client, erin, ian):
    ChannelAccount.objects.create(
        person=erin.person, network="mastodon", handle="@erin@social.example"
    )
    client.force_login(erin)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome, Erin Executive" in html
    assert "@erin@social.example" in html
    assert "Not connected" in html
    assert reverse("channels-list-accounts-of", args=[erin.person.slug]) in html
    assert "Ian Assistant" in html  # who acts for her
    assert reverse("org-edit-person", args=[erin.person.slug]) in html


def test_an_assistant_sees_the_people_they_act_for(client, ian):
    client.force_login(ian)
    html = client.get(URL).content.decode()
    assert "People you act for" in html
    assert "Erin Executive" in html
    assert "Your sign-in is not an executive profile of its own" in html


def test_a_user_without_a_profile_is_told_how_to_get_one(client, db):
    client.force_login(make_user("new@example.com", "New Person", Role.EXECUTIVE))
    html = client.get(URL).content.decode()
    assert "Your sign-in is not linked to a profile" in html


def test_an_executive_does_not_see_other_executives(client, erin, frank):
    client.force_login(frank)
    html = client.get(URL).content.decode()
    assert "Frank Finance" in html
    assert "Erin Executive" not in html


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur"])
def test_other_roles_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
