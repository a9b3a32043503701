"""Connecting a Bluesky account with an app password, through the connect page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from tests.conftest import PASSWORD

URL = reverse("channels-connect-bluesky")


def signed_in(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def form(network, handle, password) -> dict[str, str]:
    return {"handle": handle, "app_password": password, "service_url": network.pds_url}


@pytest.mark.servers
@pytest.mark.django_db
def test_it_connects_with_an_app_password_and_keeps_only_the_session(
    client, erin, bluesky_network, local_servers
) -> None:
    remote = bluesky_network.create_account()
    app_password = bluesky_network.create_app_password(remote)

    response = signed_in(client, erin).post(
        f"{URL}?person={erin.person.slug}", form(bluesky_network, f"@{remote.handle}", app_password)
    )

    assert response.status_code == 302
    assert response.url == reverse("channels-list-accounts-of", args=[erin.person.slug])
    account = ChannelAccount.objects.get(person=erin.person, network="bluesky")
    assert account.status == ChannelAccount.Status.CONNECTED
    assert (account.handle, account.remote_account_id) == (remote.handle, remote.did)
    assert account.instance_url.rstrip("/") == bluesky_network.pds_url.rstrip("/")
    assert account.scopes == "com.atproto.appPass"
    assert account.access_token.count(".") == 2 and account.refresh_token.count(".") == 2
    assert account.token_expires_at is not None
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(ChannelAccount._meta.db_table)
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [account.pk])  # noqa: S608
        row = " ".join(str(value) for value in cursor.fetchone())
    assert account.access_token not in row and account.refresh_token not in row  # encrypted
    assert app_password not in row
    assert AuditEntry.objects.filter(action="channel.connected").exists()


@pytest.mark.servers
@pytest.mark.django_db
def test_it_refuses_a_wrong_password_and_the_accounts_own_password(
    client, erin, bluesky_network, local_servers
) -> None:
    remote = bluesky_network.create_account()
    signed_in(client, erin)

    wrong = client.post(URL, form(bluesky_network, remote.handle, "nope-nope-nope-nope"))
    own = client.post(URL, form(bluesky_network, remote.handle, remote.password))

    assert "did not accept this handle and app password" in wrong.content.decode()
    assert "the account&#x27;s own password" in own.content.decode()
    assert not ChannelAccount.objects.filter(network="bluesky").exists()


@pytest.mark.django_db
def test_it_refuses_a_server_on_a_private_address(client, erin, settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    data = {"handle": "erin.test", "app_password": "abcd-efgh-ijkl-mnop"}

    response = signed_in(client, erin).post(URL, {**data, "service_url": "http://127.0.0.1:9"})

    assert "Podium does not call this server: 127.0.0.1 resolves to 127.0.0.1" in (
        response.content.decode()
    )
    assert not ChannelAccount.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_form_to_whoever_may_edit_the_person(client, erin, ian, carol) -> None:
    for user in (erin, ian, carol):
        client.logout()
        response = signed_in(client, user).get(f"{URL}?person={erin.person.slug}")
        assert response.status_code == 200, user
        assert "App password" in response.content.decode()
        assert "https://bsky.social" in response.content.decode()


@pytest.mark.django_db
def test_it_hides_the_page_from_people_who_may_not_edit_the_person(
    client, erin, frank, arthur
) -> None:
    for user in (frank, arthur):
        client.logout()
        signed_in(client, user)
        assert client.get(f"{URL}?person={erin.person.slug}").status_code == 404, user
        posted = client.post(
            f"{URL}?person={erin.person.slug}",
            {"handle": "x.test", "app_password": "p", "service_url": "https://bsky.social"},
        )
        assert posted.status_code == 404, user
    assert not ChannelAccount.objects.exists()


@pytest.mark.django_db
def test_it_asks_whose_account_when_the_user_is_no_executive(client, alice) -> None:
    assert signed_in(client, alice).get(URL).status_code == 404


@pytest.mark.django_db
def test_it_sends_visitors_to_sign_in(client, erin) -> None:
    response = client.get(f"{URL}?person={erin.person.slug}")
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.servers
@pytest.mark.django_db
def test_it_reconnects_the_same_account_rather_than_adding_one(
    client, erin, bluesky_network, local_servers
) -> None:
    remote = bluesky_network.create_account()
    signed_in(client, erin)
    for name in ("First", "Second"):
        password = bluesky_network.create_app_password(remote, name=name)
        client.post(URL, form(bluesky_network, remote.handle, password))

    (account,) = ChannelAccount.objects.filter(person=erin.person, network="bluesky")
    assert account.remote_account_id == remote.did
    assert AuditEntry.objects.filter(action="channel.reconnected").count() == 1
