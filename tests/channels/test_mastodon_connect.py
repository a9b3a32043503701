"""Connecting a Mastodon account through the pages, with mastodon-mock as the instance."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from podium.channels.mastodon.oauth import instance_url
from podium.channels.models import ChannelAccount, OAuthApp
from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.servers, pytest.mark.django_db]

CONNECT = "/channels/connect/mastodon/"


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def start(client, person, instance):
    """Submit the instance; returns the authorize URL's query (client_id, state, ...)."""
    response = client.post(f"{CONNECT}?person={person.slug}", {"instance": instance})
    assert response.status_code == 302, response.content.decode()[:2000]
    location = response["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def finish(client, mastodon_server, query, username):
    code = mastodon_server.authorize(
        query["client_id"], query["redirect_uri"], username, state=query["state"]
    )
    return client.get(
        reverse("channels-mastodon-callback"), {"code": code, "state": query["state"]}
    )


def test_it_connects_an_account_through_the_instance(client, erin, mastodon_server, local_servers):
    remote = mastodon_server.create_user(display_name="Erin Executive")
    signed_in(client, erin)

    page = client.get(f"{CONNECT}?person={erin.person.slug}")
    location, query = start(client, erin.person, mastodon_server.base_url)
    response = finish(client, mastodon_server, query, remote.username)

    assert page.status_code == 200
    assert location.startswith(f"{mastodon_server.base_url}/oauth/authorize?")
    assert query["redirect_uri"].endswith(reverse("channels-mastodon-callback"))
    assert response.status_code == 302
    assert response["Location"] == reverse("channels-list-accounts-of", args=[erin.person.slug])
    account = ChannelAccount.objects.get(person=erin.person, network="mastodon")
    assert account.status == ChannelAccount.Status.CONNECTED
    assert account.handle == f"@{remote.username}@{urlsplit(mastodon_server.base_url).netloc}"
    assert account.remote_account_id == remote.id
    assert account.instance_url == mastodon_server.base_url
    assert account.max_chars == 500
    assert account.access_token  # usable: the connector tests post with such tokens
    assert OAuthApp.objects.get().client_id == query["client_id"]
    entry = AuditEntry.objects.get(action="channel.connected")
    assert account.access_token not in str(entry.after)


def test_it_registers_once_per_instance(client, erin, mastodon_server, local_servers):
    signed_in(client, erin)
    _, first = start(client, erin.person, mastodon_server.base_url)
    _, second = start(client, erin.person, mastodon_server.base_url)

    assert first["client_id"] == second["client_id"]
    assert first["state"] != second["state"]
    assert OAuthApp.objects.count() == 1


def test_it_lets_an_assistant_connect_for_the_executive(
    client, erin, ian, mastodon_server, local_servers
):
    remote = mastodon_server.create_user()
    signed_in(client, ian)
    _, query = start(client, erin.person, mastodon_server.base_url)
    finish(client, mastodon_server, query, remote.username)

    assert ChannelAccount.objects.get(network="mastodon").person == erin.person


def test_it_reconnects_and_releases_what_was_waiting(
    client, erin, mastodon_server, local_servers, make_publication
):
    remote = mastodon_server.create_user()
    signed_in(client, erin)
    _, query = start(client, erin.person, mastodon_server.base_url)
    finish(client, mastodon_server, query, remote.username)
    account = ChannelAccount.objects.get(network="mastodon")
    from podium.channels.actions import do_mark_needs_reconnect

    held = make_publication(account, state=Publication.State.SCHEDULED)
    do_mark_needs_reconnect(account, "The token was revoked (401).")
    held.refresh_from_db()
    assert held.state == Publication.State.HELD

    page = client.get(f"{CONNECT}?person={erin.person.slug}")
    _, query = start(client, erin.person, mastodon_server.base_url)
    finish(client, mastodon_server, query, remote.username)

    held.refresh_from_db()
    account.refresh_from_db()
    assert b"needs reconnecting" in page.content
    assert account.status == ChannelAccount.Status.CONNECTED
    assert held.state == Publication.State.SCHEDULED
    assert ChannelAccount.objects.filter(network="mastodon").count() == 1


def test_it_refuses_a_state_it_did_not_hand_out(client, erin, mastodon_server, local_servers):
    remote = mastodon_server.create_user()
    signed_in(client, erin)
    _, query = start(client, erin.person, mastodon_server.base_url)
    forged = {**query, "state": "forged"}

    response = finish(client, mastodon_server, forged, remote.username)
    replay = finish(client, mastodon_server, query, remote.username)
    replay_again = finish(client, mastodon_server, query, remote.username)

    assert response.status_code == 302
    assert response["Location"] == reverse("channels-list-accounts")
    assert replay["Location"].endswith(f"/people/{erin.person.slug}/channels/")
    assert replay_again["Location"] == reverse("channels-list-accounts")  # used once only
    assert ChannelAccount.objects.filter(network="mastodon").count() == 1


def test_it_says_nothing_was_connected_when_the_person_declines(
    client, erin, mastodon_server, local_servers
):
    signed_in(client, erin)
    _, query = start(client, erin.person, mastodon_server.base_url)

    response = client.get(
        reverse("channels-mastodon-callback"),
        {"error": "access_denied", "state": query["state"]},
        follow=True,
    )

    assert b"nothing was connected" in response.content
    assert not ChannelAccount.objects.exists()


@pytest.mark.parametrize("typed", ["not a server", "ftp://social.example", "http://social.example"])
def test_it_explains_an_address_that_is_not_an_instance(client, erin, typed):
    signed_in(client, erin)

    response = client.post(f"{CONNECT}?person={erin.person.slug}", {"instance": typed})

    assert response.status_code == 200
    assert b"invalid-feedback" in response.content
    assert not OAuthApp.objects.exists()


def test_it_refuses_an_instance_on_a_private_address(client, erin):
    signed_in(client, erin)

    response = client.post(
        f"{CONNECT}?person={erin.person.slug}", {"instance": "https://localhost"}
    )

    assert response.status_code == 200
    assert not OAuthApp.objects.exists()


def test_it_does_not_let_another_executive_or_an_approver_connect_for_erin(
    client, erin, frank, arthur
):
    for outsider in (frank, arthur):
        signed_in(client, outsider)
        assert client.get(f"{CONNECT}?person={erin.person.slug}").status_code == 404
        response = client.post(
            f"{CONNECT}?person={erin.person.slug}", {"instance": "mastodon.social"}
        )
        assert response.status_code == 404
    client.logout()
    assert client.get(f"{CONNECT}?person={erin.person.slug}").status_code == 302


def test_it_explains_a_server_that_does_not_answer(client, erin, local_servers):
    signed_in(client, erin)

    response = client.post(
        f"{CONNECT}?person={erin.person.slug}", {"instance": "http://127.0.0.1:9"}
    )

    assert response.status_code == 200
    assert b"could not register with that server" in response.content
    assert not OAuthApp.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://Mastodon.Social/", "https://mastodon.social"),
        ("@erin@mastodon.social", "https://mastodon.social"),
        ("erin@social.example", "https://social.example"),
        ("bücher.example", "https://xn--bcher-kva.example"),
    ],
)
def test_it_reads_the_server_from_what_people_type(typed, expected):
    assert instance_url(typed) == expected
