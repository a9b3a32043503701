"""Personal API tokens over the API: shown once, stored hashed, revocable."""

from __future__ import annotations

from django.test import Client

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken
from podium.governance.models import AuditEntry


def test_it_creates_a_token_and_shows_its_secret_once(api, carol):
    client = api(carol)

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


def test_it_asks_for_a_name(api, carol):
    response = api(carol).post("/api/tokens", {"name": "   "})

    assert response.status_code == 422
    assert "CRM sync" in response.json()["errors"]["name"]
    assert not ApiToken.objects.filter(user=carol).exclude(name="tests").exists()


def test_it_lists_only_your_own_tokens(api, carol, erin):
    do_create_token(erin, "erin's")

    names = [t["name"] for t in api(carol).get("/api/tokens").json()["items"]]

    assert names == ["tests"]


def test_it_revokes_your_token_and_it_stops_working(api, carol):
    token, secret = do_create_token(carol, "old laptop")

    response = api(carol).delete(f"/api/tokens/{token.pk}")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


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
    client = api(carol)
    token_id = client.post("/api/tokens", {"name": "CRM sync"}).json()["id"]
    client.delete(f"/api/tokens/{token_id}")

    entries = AuditEntry.objects.filter(target_id=str(token_id), target_type="accounts.apitoken")
    assert sorted((e.action, e.via) for e in entries) == [
        ("token.created", "api"),
        ("token.revoked", "api"),
    ]
    assert all("digest" not in (e.after or {}) for e in entries)
