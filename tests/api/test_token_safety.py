"""API tokens: none in the address, and none that comes back with a reactivated user."""

from __future__ import annotations

from django.test import Client

from podium.accounts.actions import do_create_token, do_update_user
from podium.accounts.models import ApiToken
from podium.governance.models import AuditEntry


def test_it_refuses_a_token_in_the_query_string_and_says_where_it_goes(carol):
    _token, secret = do_create_token(carol, "script")

    response = Client().get(f"/api/me?token={secret}")

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "Authorization: Bearer <token>" in detail
    assert "never in the address" in detail
    assert "revoke it under Settings → API tokens" in detail


def test_it_refuses_it_even_next_to_a_good_header(api, carol):
    _token, secret = do_create_token(carol, "script")
    response = api(carol).get(f"/api/me?access_token={secret}")
    assert response.status_code == 400


def test_deactivating_a_user_revokes_their_tokens_for_good(api, alice, carol):
    token, secret = do_create_token(carol, "script")

    deactivated = api(alice).patch(f"/api/users/{carol.pk}", {"is_active": False})
    assert deactivated.status_code == 200
    do_update_user(alice, carol, {"is_active": True})

    response = Client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(action="token.revoked")
    assert (entry.actor_id, entry.via) == (alice.pk, "api")


def test_saving_an_active_user_keeps_their_tokens(alice, carol):
    do_create_token(carol, "script")
    do_update_user(alice, carol, {"full_name": "Carol Comms-Lead"})
    assert ApiToken.objects.filter(user=carol, revoked_at__isnull=True).count() == 1
