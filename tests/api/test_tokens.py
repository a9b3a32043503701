"""Personal API tokens over the API: shown once, stored hashed, revocable.

Creating and listing tokens needs a person signed in at a browser (the session), never a
token, so a token that leaks cannot mint others; revoking works either way.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken, User
from podium.governance.models import AuditEntry
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD


def signed_in(user: User) -> ApiClient:
    """A browser session that has just signed in through the sign-in form."""
    client = ApiClient(None)
    client.client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client


def test_it_creates_a_token_and_shows_its_secret_once(carol):
    client = signed_in(carol)

    created = client.post("/api/tokens", {"name": "CRM sync"})
    listed = client.get("/api/tokens")

    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("pdm_")
    assert created.json()["prefix"] == secret[:10]
    assert all("secret" not in t for t in listed.json()["items"])
    assert secret not in ApiToken.objects.get(name="CRM sync").digest
    me = Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["email"] == "carol@example.com"


def test_it_asks_for_a_name(carol):
    response = signed_in(carol).post("/api/tokens", {"name": "   "})

    assert response.status_code == 422
    assert "CRM sync" in response.json()["errors"]["name"]
    assert not ApiToken.objects.filter(user=carol).exists()


def test_it_lists_only_your_own_tokens(carol, erin):
    do_create_token(carol, "carol's")
    do_create_token(erin, "erin's")

    names = [t["name"] for t in signed_in(carol).get("/api/tokens").json()["items"]]

    assert names == ["carol's"]


def test_a_token_cannot_create_another_token(api, carol):
    response = api(carol).post("/api/tokens", {"name": "a fresh one"})

    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "needs a signed-in browser session, not an API token" in body["detail"]
    assert "/settings/tokens/" in body["detail"]
    assert list(ApiToken.objects.filter(user=carol).values_list("name", flat=True)) == ["tests"]
    assert not AuditEntry.objects.filter(action="token.created", target_label__contains="fresh")


def test_a_token_cannot_list_the_other_tokens(api, carol):
    do_create_token(carol, "CRM sync")

    response = api(carol).get("/api/tokens")

    assert response.status_code == 403
    assert "Listing your API tokens needs a signed-in browser session" in response.json()["detail"]
    assert "CRM sync" not in response.content.decode()


def test_an_old_browser_session_must_confirm_before_creating(client, carol):
    client.force_login(carol)  # signed in long ago: no recent sign-in in the session

    refused = client.post("/api/tokens", {"name": "x"}, content_type="application/json")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    accepted = client.post("/api/tokens", {"name": "x"}, content_type="application/json")

    assert refused.status_code == 403
    assert "confirm it's you at /accounts/reauthenticate/" in refused.json()["detail"]
    assert accepted.status_code == 201


def test_the_openapi_description_says_tokens_need_a_browser_session(api, carol):
    schema = api(carol).get("/api/openapi.json").json()

    for method in ("get", "post"):
        operation = schema["paths"]["/api/tokens"][method]
        assert "an API token cannot" in operation["description"]
        assert "403" in operation["responses"]


def test_it_revokes_your_token_and_it_stops_working(api, carol):
    token, secret = do_create_token(carol, "old laptop")

    response = api(carol).delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_a_token_can_revoke_itself(carol):
    token, secret = do_create_token(carol, "leaked in a CI log")
    client = ApiClient(secret)

    response = client.delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 200
    assert client.get("/api/me").status_code == 401


def test_it_hides_other_peoples_tokens_from_non_administrators(api, carol, erin):
    token, _secret = do_create_token(erin, "erin's")

    response = api(carol).delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_it_lets_an_administrator_revoke_anyones_token(api, alice, erin):
    token, _secret = do_create_token(erin, "leaked")

    response = api(alice).delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 200
    token.refresh_from_db()
    assert not token.is_active


def test_it_audits_token_changes_made_through_the_api(api, carol):
    token_id = signed_in(carol).post("/api/tokens", {"name": "CRM sync"}).json()["id"]
    api(carol).delete(f"/api/tokens/{token_id}")

    entries = AuditEntry.objects.filter(target_id=str(token_id), target_type="accounts.apitoken")
    assert sorted((e.action, e.via) for e in entries) == [
        ("token.created", "api"),
        ("token.revoked", "api"),
    ]
    assert all("digest" not in (e.after or {}) for e in entries)
