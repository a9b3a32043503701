"""Disconnecting takes Podium's access back at the network where the network allows it.

Mastodon against mastodon-mock (its /oauth/revoke deletes the token), Bluesky against the local
PDS (deleteSession), X with recorded answers; LinkedIn offers apps no revocation, so nothing is
called and the owner is told where to remove Podium. Whatever the network does, the account is
disconnected.
"""

from __future__ import annotations

import base64

import httpx
import pytest
import respx
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from podium.channels.actions import do_connect_account, do_disconnect_account
from podium.channels.base import Revocation
from podium.channels.bluesky.session import create_session, new_client
from podium.channels.mastodon import oauth as mastodon_oauth
from podium.channels.models import ChannelAccount, OAuthApp
from podium.governance.models import AuditEntry
from podium.lib import http
from podium.outbox.models import Publication
from tests.channels.recordings import replay
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

X_REVOKE = "https://api.x.com/2/oauth2/revoke"
PERMITTED_SERVICES = "Settings → Data privacy → Permitted services"


def disconnect_through_the_page(client, user, account):
    """Confirm page, then POST; returns (confirm page HTML, the page after, as HTML)."""
    assert client.login(email=user.email, password=PASSWORD)
    url = reverse("channels-disconnect-account", args=[account.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    after = client.post(url, follow=True)
    assert after.status_code == 200
    return confirm.content.decode(), after.content.decode()


def audited_revocation(account) -> str:
    entry = AuditEntry.objects.filter(action="channel.disconnected").latest("pk")
    assert entry.target_id == str(account.pk)
    return entry.after["revocation"]


@pytest.fixture
def outgoing(monkeypatch) -> list[str]:
    """Every URL Podium's HTTP client is asked to call (none is actually called)."""
    called: list[str] = []

    def refuse(method: str, url: str, **kwargs):
        called.append(url)
        raise http.NotSentError("no network in this test")

    monkeypatch.setattr(http, "request", refuse)
    return called


# --- Mastodon (mastodon-mock) -------------------------------------------------------------


def mastodon_account(person, mastodon_server) -> tuple[ChannelAccount, str]:
    """Connect a mastodon-mock user the way the connect page does; returns it and its token."""
    remote = mastodon_server.create_user()
    app = mastodon_oauth.app_for(mastodon_server.base_url, mastodon_oauth.redirect_uri())
    code = mastodon_server.authorize(app.client_id, app.redirect_uri, remote.username)
    signed_in = mastodon_oauth.sign_in(app, code)
    account = do_connect_account(
        person.user,
        person,
        "mastodon",
        handle=signed_in.handle,
        instance_url=app.instance_url,
        remote_account_id=signed_in.remote_account_id,
        access_token=signed_in.access_token,
        scopes=signed_in.scopes,
    )
    return account, signed_in.access_token


def token_works(base_url: str, token: str) -> bool:
    response = httpx.get(
        f"{base_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code == 200


@pytest.mark.servers
def test_it_revokes_the_mastodon_token_on_the_instance(
    client, erin, mastodon_server, local_servers, make_publication
):
    account, token = mastodon_account(erin.person, mastodon_server)
    scheduled = make_publication(account, state=Publication.State.SCHEDULED)
    assert token_works(mastodon_server.base_url, token)

    confirm, after = disconnect_through_the_page(client, erin, account)

    assert "Podium also asks the Mastodon server to revoke its access" in confirm
    assert "The Mastodon server revoked Podium&#x27;s access." in after
    assert not token_works(mastodon_server.base_url, token)
    account.refresh_from_db()
    scheduled.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert account.access_token == ""
    assert scheduled.state == Publication.State.HELD
    assert audited_revocation(account) == Revocation.REVOKED


@pytest.mark.servers
def test_it_disconnects_even_when_the_instance_fails_to_revoke(
    erin, mastodon_server, local_servers
):
    account, token = mastodon_account(erin.person, mastodon_server)

    with mastodon_server.fault(path="/oauth/revoke", methods=["POST"], status=503, count=5):
        revocation = do_disconnect_account(erin, account)

    assert revocation.outcome == Revocation.FAILED
    assert "did not confirm" in revocation.message
    assert "Authorized apps" in revocation.advice
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert account.access_token == ""
    assert audited_revocation(account) == Revocation.FAILED
    assert token_works(mastodon_server.base_url, token)  # the instance never got the request


def test_it_says_so_when_podium_has_no_app_left_on_the_instance(erin, outgoing):
    account = do_connect_account(
        erin,
        erin.person,
        "mastodon",
        handle="@erin@social.example",
        instance_url="https://social.example",
        access_token="token-1",
    )
    assert not OAuthApp.objects.exists()

    revocation = do_disconnect_account(erin, account)

    assert outgoing == []
    assert revocation.outcome == Revocation.FAILED
    assert "no registration on social.example" in revocation.message


# --- X (recorded answers) -----------------------------------------------------------------


@pytest.fixture
def x_configured(settings):
    settings.X_CLIENT_ID = "x-client-id"
    settings.X_CLIENT_SECRET = "x-client-secret"
    return settings


def x_account(erin) -> ChannelAccount:
    return do_connect_account(
        erin,
        erin.person,
        "x",
        handle="@erin_exec",
        remote_account_id="2244994945",
        access_token="x-access-token",
        refresh_token="x-refresh-token",
        scopes="tweet.read tweet.write users.read offline.access media.write",
    )


def test_it_revokes_the_x_access_token_as_a_confidential_client(client, erin, x_configured):
    account = x_account(erin)

    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.post(X_REVOKE).mock(return_value=replay("x/revoke"))
        confirm, after = disconnect_through_the_page(client, erin, account)

    sent = route.calls.last.request
    form = dict(httpx.QueryParams(sent.content.decode()))
    assert form == {
        "token": "x-access-token",
        "token_type_hint": "access_token",
        "client_id": "x-client-id",
    }
    basic = base64.b64encode(b"x-client-id:x-client-secret").decode()
    assert sent.headers["Authorization"] == f"Basic {basic}"
    assert "Podium also asks X to revoke its access" in confirm
    assert "X revoked Podium&#x27;s access to the account." in after
    account.refresh_from_db()
    assert (account.status, account.access_token, account.refresh_token) == ("disconnected", "", "")
    assert audited_revocation(account) == Revocation.REVOKED


def test_a_public_x_client_sends_only_its_client_id(erin, x_configured):
    x_configured.X_CLIENT_SECRET = ""
    account = x_account(erin)

    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.post(X_REVOKE).mock(return_value=replay("x/revoke"))
        revocation = do_disconnect_account(erin, account)

    assert revocation.revoked
    assert "Authorization" not in route.calls.last.request.headers


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (replay("x/revoke_400"), "invalid_request"),
        (httpx.Response(503, json={"title": "Service Unavailable"}), "could not be reached"),
        (httpx.ConnectError("refused"), "could not be reached"),
    ],
)
def test_it_disconnects_from_x_whatever_x_answers(client, erin, x_configured, answer, said):
    account = x_account(erin)

    with respx.mock(assert_all_mocked=True) as mock:
        route = mock.post(X_REVOKE)
        route.side_effect = answer if isinstance(answer, Exception) else None
        if not isinstance(answer, Exception):
            route.return_value = answer
        _, after = disconnect_through_the_page(client, erin, account)

    assert "X did not confirm that it revoked Podium&#x27;s access" in after
    assert said in after
    assert "Connected apps" in after
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert account.access_token == ""
    assert audited_revocation(account) == Revocation.FAILED


# --- LinkedIn (no revocation for apps) ----------------------------------------------------


def test_linkedin_is_not_called_and_the_owner_is_told_where_to_remove_podium(
    client, erin, outgoing
):
    account = do_connect_account(
        erin,
        erin.person,
        "linkedin",
        handle="Erin Executive",
        remote_account_id="abc123",
        access_token="linkedin-token",
    )

    confirm, after = disconnect_through_the_page(client, erin, account)

    assert outgoing == []
    assert PERMITTED_SERVICES in confirm
    assert f"LinkedIn: remove Podium under {PERMITTED_SERVICES}." in after
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert audited_revocation(account) == Revocation.BY_HAND


# --- Bluesky (local PDS) ------------------------------------------------------------------


@pytest.mark.servers
def test_it_ends_the_bluesky_session_and_asks_to_revoke_the_app_password(
    client, erin, bluesky_network, local_servers
):
    remote = bluesky_network.create_account()
    app_password = bluesky_network.create_app_password(remote)
    tokens = create_session(bluesky_network.pds_url, remote.handle, app_password)
    account = do_connect_account(
        erin,
        erin.person,
        "bluesky",
        handle=tokens.handle,
        remote_account_id=tokens.did,
        instance_url=tokens.pds_url,
        access_token=tokens.access_jwt,
        refresh_token=tokens.refresh_jwt,
    )

    confirm, after = disconnect_through_the_page(client, erin, account)

    assert "App passwords" in confirm
    assert "Bluesky ended Podium&#x27;s session." in after
    assert "revoke Podium&#x27;s app password in Bluesky&#x27;s settings" in after
    pds = new_client(tokens.pds_url)
    with pytest.raises(Exception, match=r"(?i)token|auth|expired|invalid"):
        pds.com.atproto.server.refresh_session(
            headers={"Authorization": f"Bearer {tokens.refresh_jwt}"}
        )
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert audited_revocation(account) == Revocation.REVOKED


@pytest.mark.servers
def test_it_disconnects_bluesky_when_the_pds_cannot_be_reached(erin, local_servers):
    account = do_connect_account(
        erin,
        erin.person,
        "bluesky",
        handle="erin.test",
        remote_account_id="did:plc:erin",
        instance_url="http://127.0.0.1:9",  # nothing listens on the discard port
        access_token="a.b.c",
        refresh_token="d.e.f",
    )

    revocation = do_disconnect_account(erin, account)

    assert revocation.outcome == Revocation.FAILED
    assert "Bluesky could not be reached" in revocation.message
    assert "App passwords" in revocation.advice
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED


# --- whatever the connector does ----------------------------------------------------------


def test_an_unexpected_error_while_revoking_never_stops_the_disconnect(erin, monkeypatch):
    account = x_account(erin)

    def broken(self):
        raise RuntimeError("a bug in a connector")

    monkeypatch.setattr("podium.channels.x.connector.XConnector.revoke", broken)
    revocation = do_disconnect_account(erin, account)

    assert revocation.outcome == Revocation.FAILED
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert account.access_token == ""


def test_a_demo_account_is_never_contacted(client, erin, outgoing):
    account = ChannelAccount.objects.create(
        person=erin.person,
        network="mastodon",
        handle="@erin@demo.example",
        status=ChannelAccount.Status.DEMO,
        access_token="demo",
    )

    confirm, after = disconnect_through_the_page(client, erin, account)

    assert outgoing == []
    assert "revoke its access" not in confirm
    assert "Podium held no Mastodon access to revoke." in after


def test_nobody_else_can_revoke_by_disconnecting(erin, frank, x_configured, outgoing):
    account = x_account(erin)

    with pytest.raises(PermissionDenied):
        do_disconnect_account(frank, account)

    assert outgoing == []
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.CONNECTED
    assert account.access_token == "x-access-token"
