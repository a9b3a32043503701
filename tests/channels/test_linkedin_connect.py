"""Connecting LinkedIn through the browser flow (Django test client, recorded token exchange)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx
from django.urls import reverse

from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from tests.channels.recordings import replay

TOKEN = "https://www.linkedin.com/oauth/v2/accessToken"
USERINFO = "https://api.linkedin.com/v2/userinfo"


@pytest.fixture
def configured(settings):
    settings.LINKEDIN_CLIENT_ID = "86abcdefgh1234"
    settings.LINKEDIN_CLIENT_SECRET = "linkedin-secret"
    settings.PODIUM_BASE_URL = "https://podium.example.com"
    return settings


def connect_url(person) -> str:
    return reverse("channels-connect-linkedin") + f"?person={person.slug}"


def start(client, person) -> dict[str, list[str]]:
    response = client.get(connect_url(person))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://www.linkedin.com/oauth/v2/authorization"
    )
    return parse_qs(location.query)


def test_it_redirects_to_linkedin_with_state_and_scopes(client, erin, configured) -> None:
    client.force_login(erin)
    query = start(client, erin.person)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["86abcdefgh1234"]
    assert query["scope"] == ["openid profile w_member_social"]
    assert query["redirect_uri"] == [
        "https://podium.example.com/channels/connect/linkedin/callback/"
    ]
    assert len(query["state"][0]) >= 32


def test_it_connects_the_account_from_the_callback(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    with respx.mock(assert_all_mocked=True) as mock:
        token = mock.post(TOKEN).mock(return_value=replay("linkedin/token"))
        mock.get(USERINFO).mock(return_value=replay("linkedin/userinfo"))
        response = client.get(
            reverse("channels-connect-linkedin-callback"), {"code": "AQTf-code", "state": state}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("channels-list-accounts-of", args=[erin.person.slug])
    form = dict(httpx.QueryParams(token.calls.last.request.content.decode()))
    assert form["grant_type"] == "authorization_code"
    assert form["code"] == "AQTf-code"
    assert form["client_secret"] == "linkedin-secret"
    assert form["redirect_uri"] == "https://podium.example.com/channels/connect/linkedin/callback/"
    account = ChannelAccount.objects.get(person=erin.person, network="linkedin")
    assert account.status == ChannelAccount.Status.CONNECTED
    assert account.handle == "Erin Executive"
    assert account.remote_account_id == "782bbtaQ"
    assert account.access_token == "AQXNnd2kXITHELmWblJigYvLnfSgoQ5LkfQh7k2Hjg4aE7qQ"
    assert account.scopes == "email openid profile w_member_social"
    assert account.max_chars == 3000
    assert (account.token_expires_at - account.connected_at).days == 59
    assert AuditEntry.objects.filter(action="channel.connected").exists()
    # Encrypted at rest: the raw column does not hold the token.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token FROM channels_channelaccount WHERE id = %s", [account.pk]
        )
        assert "AQXNnd2k" not in cursor.fetchone()[0]


def test_a_bad_state_is_refused_with_a_clear_message(client, erin, configured) -> None:
    client.force_login(erin)
    start(client, erin.person)
    with respx.mock(assert_all_mocked=True) as mock:
        response = client.get(
            reverse("channels-connect-linkedin-callback"), {"code": "c", "state": "forged"}
        )
        assert not mock.calls
    assert response.status_code == 400
    assert "does not match one started here" in response.content.decode()
    assert not ChannelAccount.objects.filter(network="linkedin").exists()


def test_a_state_works_once(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(TOKEN).mock(return_value=replay("linkedin/token"))
        mock.get(USERINFO).mock(return_value=replay("linkedin/userinfo"))
        callback = reverse("channels-connect-linkedin-callback")
        assert client.get(callback, {"code": "c", "state": state}).status_code == 302
        assert client.get(callback, {"code": "c", "state": state}).status_code == 400


def test_a_declined_consent_says_nothing_was_connected(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    response = client.get(
        reverse("channels-connect-linkedin-callback"),
        {"error": "user_cancelled_authorize", "state": state},
    )
    assert response.status_code == 400
    assert "nothing was connected" in response.content.decode()


def test_a_refused_code_exchange_is_shown(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(TOKEN).mock(return_value=replay("linkedin/token_invalid_grant"))
        response = client.get(
            reverse("channels-connect-linkedin-callback"), {"code": "old", "state": state}
        )
    assert response.status_code == 502
    assert "invalid_grant" in response.content.decode()


def test_it_says_when_linkedin_is_not_set_up(client, erin, settings) -> None:
    settings.LINKEDIN_CLIENT_ID = ""
    client.force_login(erin)
    response = client.get(connect_url(erin.person))
    assert response.status_code == 503
    assert "PODIUM_LINKEDIN_CLIENT_ID" in response.content.decode()


def test_an_assistant_may_connect_for_the_executive(client, ian, erin, configured) -> None:
    client.force_login(ian)
    start(client, erin.person)


@pytest.mark.parametrize("who", ["frank", "arthur"])
def test_others_may_not_connect_someone_elses_account(
    client, request, erin, who, configured
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(connect_url(erin.person)).status_code == 404


def test_the_callback_refuses_someone_who_lost_access(client, ian, erin, configured) -> None:
    client.force_login(ian)
    state = start(client, erin.person)["state"][0]
    erin.person.delegations.all().delete()
    with respx.mock(assert_all_mocked=True) as mock:
        response = client.get(
            reverse("channels-connect-linkedin-callback"), {"code": "c", "state": state}
        )
        assert not mock.calls
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, erin) -> None:
    response = client.get(connect_url(erin.person))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_a_token_without_the_posting_permission_is_not_stored(client, erin, configured) -> None:
    client.force_login(erin)
    state = start(client, erin.person)["state"][0]
    token = replay("linkedin/token")
    body = token.json() | {"scope": "email,openid,profile"}
    with respx.mock(assert_all_mocked=True) as mock:
        mock.post(TOKEN).mock(return_value=httpx.Response(200, json=body))
        mock.get(USERINFO).mock(return_value=replay("linkedin/userinfo"))
        response = client.get(
            reverse("channels-connect-linkedin-callback"), {"code": "c", "state": state}
        )
    assert response.status_code == 400
    assert "w_member_social" in response.content.decode()
    assert not ChannelAccount.objects.filter(network="linkedin").exists()
