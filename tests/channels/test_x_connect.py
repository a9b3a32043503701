"""Connecting X through the browser flow: PKCE, state, recorded token exchange."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx
from django.urls import reverse

from podium.channels.models import ChannelAccount
from tests.channels.recordings import replay

TOKEN = "https://api.x.com/2/oauth2/token"
ME = "https://api.x.com/2/users/me"


@pytest.fixture
def configured(settings):
    settings.X_CLIENT_ID = "x-client-id"
    settings.X_CLIENT_SECRET = "x-client-secret"
    settings.PODIUM_BASE_URL = "https://podium.example.com"
    return settings


def connect_url(person) -> str:
    return reverse("channels-connect-x") + f"?person={person.slug}"


def start(client, person) -> dict[str, list[str]]:
    response = client.get(connect_url(person))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://x.com/i/oauth2/authorize"
    )
    return parse_qs(location.query)


def test_it_redirects_to_x_with_state_and_a_pkce_challenge(client, erin, configured) -> None:
    client.force_login(erin)
    query = start(client, erin.person)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["x-client-id"]
    assert query["scope"] == ["tweet.read tweet.write users.read offline.access media.write"]
    assert query["redirect_uri"] == ["https://podium.example.com/channels/connect/x/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32


def test_it_connects_the_account_with_the_pkce_verifier(client, erin, configured) -> None:
    client.force_login(erin)
    query = start(client, erin.person)
    with respx.mock(assert_all_mocked=True) as mock:
        token = mock.post(TOKEN).mock(return_value=replay("x/token"))
        me = mock.get(ME).mock(return_value=replay("x/users_me"))
        response = client.get(
            reverse("channels-connect-x-callback"),
            {"code": "x-code", "state": query["state"][0]},
        )
    assert response.status_code == 302
    sent = token.calls.last.request
    expected_auth = base64.b64encode(b"x-client-id:x-client-secret").decode()
    assert sent.headers["Authorization"] == f"Basic {expected_auth}"
    form = dict(httpx.QueryParams(sent.content.decode()))
    assert form["grant_type"] == "authorization_code"
    assert form["code"] == "x-code"
    assert form["redirect_uri"] == "https://podium.example.com/channels/connect/x/callback/"
    digest = hashlib.sha256(form["code_verifier"].encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert challenge == query["code_challenge"][0]
    assert me.calls.last.request.headers["Authorization"].startswith("Bearer bWRWa3gz")
    account = ChannelAccount.objects.get(person=erin.person, network="x")
    assert account.status == ChannelAccount.Status.CONNECTED
    assert account.handle == "@erin_exec"
    assert account.remote_account_id == "2244994945"
    assert account.refresh_token.startswith("NlBfeEZ5")
    assert account.max_chars == 280
    assert 7100 < (account.token_expires_at - account.connected_at).total_seconds() <= 7200


def test_a_bad_state_is_refused_with_a_clear_message(client, erin, configured) -> None:
    client.force_login(erin)
    start(client, erin.person)
    with respx.mock(assert_all_mocked=True) as mock:
        response = client.get(reverse("channels-connect-x-callback"), {"code": "c", "state": "x"})
        assert not mock.calls
    assert response.status_code == 400
    assert "does not match one started here" in response.content.decode()


def test_a_linkedin_state_does_not_finish_an_x_flow(client, erin, configured) -> None:
    configured.LINKEDIN_CLIENT_ID = "li"
    configured.LINKEDIN_CLIENT_SECRET = "li-secret"
    client.force_login(erin)
    response = client.get(reverse("channels-connect-linkedin") + f"?person={erin.person.slug}")
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    response = client.get(reverse("channels-connect-x-callback"), {"code": "c", "state": state})
    assert response.status_code == 400


def test_it_says_when_x_is_not_set_up(client, erin, settings) -> None:
    settings.X_CLIENT_ID = ""
    client.force_login(erin)
    response = client.get(connect_url(erin.person))
    assert response.status_code == 503
    assert "PODIUM_X_CLIENT_ID" in response.content.decode()


@pytest.mark.parametrize("who", ["frank", "arthur"])
def test_others_may_not_connect_someone_elses_account(
    client, request, erin, who, configured
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(connect_url(erin.person)).status_code == 404


def test_an_administrator_may_connect_for_an_executive(client, alice, erin, configured) -> None:
    client.force_login(alice)
    start(client, erin.person)


def test_signed_out_visitors_are_sent_to_sign_in(client, erin) -> None:
    response = client.get(connect_url(erin.person))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_token_without_posting_scopes_is_not_stored(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    body = replay("x/token").json() | {"scope": "tweet.read users.read"}
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(TOKEN).mock(return_value=httpx.Response(200, json=body))
        mock.get(ME).mock(return_value=replay("x/users_me"))
        response = client.get(reverse("channels-connect-x-callback"), {"code": "c", "state": state})
    assert response.status_code == 400
    assert "tweet.write, offline.access" in response.content.decode()
    assert not ChannelAccount.objects.filter(network="x").exists()


def test_a_token_without_media_write_connects_with_a_warning(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    body = replay("x/token").json() | {"scope": "tweet.read tweet.write users.read offline.access"}
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(TOKEN).mock(return_value=httpx.Response(200, json=body))
        mock.get(ME).mock(return_value=replay("x/users_me"))
        response = client.get(
            reverse("channels-connect-x-callback"), {"code": "c", "state": state}, follow=True
        )
    assert ChannelAccount.objects.filter(network="x").exists()
    assert "posts with images will fail" in response.content.decode()
