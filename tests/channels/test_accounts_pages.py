"""The channel accounts page and disconnecting, for each role, with negative permissions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def erins_accounts(erin):
    connected = ChannelAccount.objects.create(
        person=erin.person,
        network="mastodon",
        handle="@erin@social.example",
        instance_url="https://social.example",
        status=ChannelAccount.Status.CONNECTED,
        access_token="secret-token-value",
    )
    broken = ChannelAccount.objects.create(
        person=erin.person,
        network="linkedin",
        handle="erin-executive",
        status=ChannelAccount.Status.NEEDS_RECONNECT,
        status_reason="LinkedIn says the token expired.",
    )
    return connected, broken


def accounts_url(person) -> str:
    return reverse("channels-list-accounts-of", args=[person.slug])


def test_it_lists_an_executives_accounts_with_status_and_reason(client, erin, erins_accounts):
    signed_in(client, erin)

    response = client.get(reverse("channels-list-accounts"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "@erin@social.example" in html
    assert "LinkedIn says the token expired." in html
    assert "Needs reconnecting" in html
    assert "One account needs reconnecting" in html
    assert "secret-token-value" not in html
    assert 'href="/channels/connect/mastodon/?person=' in html
    assert reverse("channels-disconnect-account", args=[erins_accounts[0].pk]) in html


def test_it_counts_posts_waiting_for_an_account(client, erin, erins_accounts, make_publication):
    make_publication(
        erins_accounts[1],
        state=Publication.State.HELD,
        hold=Publication.Hold.ACCOUNT_RECONNECT,
    )
    signed_in(client, erin)

    response = client.get(accounts_url(erin.person))

    assert "1 post waiting" in response.content.decode()


def test_it_shows_an_empty_state_with_the_connect_buttons(client, erin):
    signed_in(client, erin)

    response = client.get(accounts_url(erin.person))

    html = response.content.decode()
    assert "No accounts connected yet" in html
    assert "Connect Mastodon" in html


def test_it_lets_an_assistant_and_comms_manage_erins_accounts(
    client, erin, ian, carol, erins_accounts
):
    for user in (ian, carol):
        signed_in(client, user)
        html = client.get(accounts_url(erin.person)).content.decode()
        assert "Erin Executive&#x27;s channels" in html
        assert "Disconnect" in html


def test_it_sends_an_assistant_without_a_profile_to_whom_they_act_for(client, erin, ian):
    signed_in(client, ian)

    response = client.get(reverse("channels-list-accounts"))

    assert response.status_code == 302
    assert response["Location"] == accounts_url(erin.person)


def test_it_shows_an_approver_the_accounts_without_changing_anything(
    client, erin, arthur, erins_accounts
):
    signed_in(client, arthur)

    html = client.get(accounts_url(erin.person)).content.decode()

    assert "@erin@social.example" in html
    assert "Disconnect" not in html
    assert "Connect Mastodon" not in html


def test_it_hides_erins_accounts_from_another_executive(client, erin, frank, erins_accounts):
    signed_in(client, frank)
    connected, _ = erins_accounts

    assert client.get(accounts_url(erin.person)).status_code == 404
    disconnect = reverse("channels-disconnect-account", args=[connected.pk])
    assert client.get(disconnect).status_code == 404
    assert client.post(disconnect).status_code == 404
    connected.refresh_from_db()
    assert connected.status == ChannelAccount.Status.CONNECTED


def test_it_refuses_an_approver_the_disconnect(client, arthur, erins_accounts):
    signed_in(client, arthur)
    connected, _ = erins_accounts

    response = client.post(reverse("channels-disconnect-account", args=[connected.pk]))

    assert response.status_code == 404
    connected.refresh_from_db()
    assert connected.status == ChannelAccount.Status.CONNECTED


def test_it_sends_anonymous_visitors_to_sign_in(client, erin, erins_accounts):
    for url in (
        reverse("channels-list-accounts"),
        accounts_url(erin.person),
        reverse("channels-disconnect-account", args=[erins_accounts[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_it_asks_before_disconnecting_and_then_disconnects(
    client, erin, erins_accounts, make_publication
):
    connected, _ = erins_accounts
    make_publication(connected, state=Publication.State.SCHEDULED)
    signed_in(client, erin)
    url = reverse("channels-disconnect-account", args=[connected.pk])

    confirm = client.get(url)
    connected.refresh_from_db()
    assert connected.status == ChannelAccount.Status.CONNECTED
    response = client.post(url, follow=True)

    connected.refresh_from_db()
    assert b"1 scheduled post will wait" in confirm.content
    assert connected.status == ChannelAccount.Status.DISCONNECTED
    assert connected.access_token == ""
    assert b"is disconnected" in response.content


def test_it_lists_accounts_in_a_fixed_number_of_queries(client, erin, erins_accounts):
    signed_in(client, erin)
    client.get(accounts_url(erin.person))  # warm the session and organisation

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(accounts_url(erin.person)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10):
        ChannelAccount.objects.create(
            person=erin.person, network="bluesky", handle=f"erin{n}.bsky.example"
        )
    assert queries() == few


def test_it_points_comms_to_the_people_from_their_own_channels_page(client, carol):
    signed_in(client, carol)

    response = client.get(reverse("channels-list-accounts"))

    assert response.status_code == 200
    assert reverse("org-list-people").encode() in response.content


def test_it_offers_to_reconnect_a_disconnected_account(client, erin, erins_accounts):
    connected, _ = erins_accounts
    connected.status = ChannelAccount.Status.DISCONNECTED
    connected.save()
    signed_in(client, erin)

    html = client.get(accounts_url(erin.person)).content.decode()

    assert "Reconnect" in html
    assert f'href="/channels/connect/mastodon/?person={erin.person.slug}"' in html
