"""Who may call the API: personal tokens, the browser session, and clear 401s otherwise."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from podium.accounts.actions import do_create_token, do_revoke_token
from podium.accounts.models import ApiToken
from tests.conftest import PASSWORD


def test_it_accepts_a_valid_token(api, carol):
    response = api(carol).get("/api/me")

    assert response.status_code == 200
    assert response.json()["email"] == "carol@example.com"
    assert response.json()["authenticated_by"] == "token"


def test_it_records_when_a_token_was_last_used(api, carol):
    _token, secret = do_create_token(carol, "CRM sync")
    Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})

    assert ApiToken.objects.get(name="CRM sync").last_used_at is not None


def test_it_refuses_a_missing_token_and_says_how_to_authenticate(api, carol):
    response = api(None).get("/api/me")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    detail = response.json()["detail"]
    assert "Authorization: Bearer <token>" in detail
    assert "Settings → API tokens" in detail


def test_it_refuses_a_revoked_token(carol):
    token, secret = do_create_token(carol, "old laptop")
    do_revoke_token(carol, token)

    response = Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]
    assert "revoked" in response.json()["detail"]


def test_it_refuses_a_mistyped_token(db):
    response = Client().get("/api/me", headers={"Authorization": "Bearer pdm_not-a-token"})

    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_it_refuses_the_token_of_a_deactivated_user(carol):
    _token, secret = do_create_token(carol, "script")
    carol.is_active = False
    carol.save()

    response = Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401


def test_it_explains_an_authorization_header_it_does_not_understand(carol):
    response = Client().get("/api/me", headers={"Authorization": "Token abc"})

    assert response.status_code == 401
    assert "Authorization: Bearer <token>" in response.json()["detail"]


def test_it_does_not_fall_back_to_the_session_when_a_token_is_wrong(client, carol):
    client.login(email=carol.email, password=PASSWORD)

    response = client.get("/api/me", headers={"Authorization": "Bearer pdm_wrong"})

    assert response.status_code == 401


def test_it_accepts_the_browser_session_for_reads(client, carol):
    client.login(email=carol.email, password=PASSWORD)

    response = client.get("/api/me")

    assert response.status_code == 200
    assert response.json()["authenticated_by"] == "session"


def test_it_requires_the_csrf_token_for_writes_from_the_browser(carol):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("account_login"))  # sets the csrftoken cookie
    browser.post(
        reverse("account_login"),
        {"login": carol.email, "password": PASSWORD},
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    refused = browser.post("/api/tokens", {"name": "x"}, content_type="application/json")
    browser.get("/api/docs")  # any page sets the csrftoken cookie
    accepted = browser.post(
        "/api/tokens",
        {"name": "from the browser"},
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    assert refused.status_code == 403
    assert "X-CSRFToken" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert ApiToken.objects.filter(user=carol, name="from the browser").exists()


def test_it_does_not_need_csrf_with_a_token(api, carol):
    token, _secret = do_create_token(carol, "old script")
    client = api(carol)
    client.client = Client(enforce_csrf_checks=True)

    response = client.delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 200


def test_it_refuses_the_session_until_required_two_factor_is_enrolled(client, carol):
    carol.require_two_factor = True
    carol.save()
    client.login(email=carol.email, password=PASSWORD)

    refused = client.get("/api/me")
    Authenticator.objects.create(user=carol, type=Authenticator.Type.TOTP, data={})
    accepted = client.get("/api/me")

    assert refused.status_code == 403
    assert "two-factor" in refused.json()["detail"]
    assert accepted.status_code == 200


def test_it_leaves_other_authorization_schemes_to_the_session(client, carol):
    """A proxy in front of Podium may add Basic credentials; the session still signs in."""
    client.login(email=carol.email, password=PASSWORD)

    response = client.get("/api/me", headers={"Authorization": "Basic c3RhZ2luZzpzdGFnaW5n"})

    assert response.status_code == 200
