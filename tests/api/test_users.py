"""Users over the API: administrators only, with the UI's rules and audit trail."""

from __future__ import annotations

import pytest

from podium.accounts.models import User
from podium.governance.models import AuditEntry


def test_it_lists_users_for_an_administrator(api, alice, carol, erin):
    response = api(alice).get("/api/users")

    assert response.status_code == 200
    assert [u["email"] for u in response.json()["items"]] == [
        "alice@example.com",
        "carol@example.com",
        "erin@example.com",
    ]
    assert response.json()["items"][1]["role"] == "comms"


def test_it_filters_users(api, alice, carol, erin):
    client = api(alice)

    assert [u["email"] for u in client.get("/api/users?role=comms").json()["items"]] == [
        "carol@example.com"
    ]
    assert client.get("/api/users?q=erin").json()["count"] == 1


@pytest.mark.parametrize("persona", ["carol", "arthur", "erin"])
def test_it_refuses_the_user_list_to_other_roles(api, request, persona):
    response = api(request.getfixturevalue(persona)).get("/api/users")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Listing users needs the Administrator role")


def test_it_creates_a_user(api, alice):
    response = api(alice).post(
        "/api/users", {"email": "Dana@Example.com", "full_name": "Dana Digital", "role": "comms"}
    )

    assert response.status_code == 201
    assert response.json()["email"] == "dana@example.com"
    user = User.objects.get(email="dana@example.com")
    assert (user.role, user.has_usable_password()) == ("comms", False)


@pytest.mark.parametrize("persona", ["carol", "arthur", "erin"])
def test_it_refuses_creating_users_to_other_roles(api, request, persona):
    response = api(request.getfixturevalue(persona)).post(
        "/api/users", {"email": "dana@example.com", "full_name": "Dana"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="dana@example.com").exists()


def test_it_refuses_an_email_already_in_use(api, alice, carol):
    response = api(alice).post("/api/users", {"email": "carol@example.com", "full_name": "C2"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "email": "Another user already signs in with this email: use a different one."
    }


def test_it_refuses_an_unknown_role_naming_the_choices(api, alice):
    response = api(alice).post(
        "/api/users", {"email": "dana@example.com", "full_name": "Dana", "role": "owner"}
    )

    assert response.status_code == 422
    assert "executive" in response.json()["errors"]["role"]


def test_it_changes_a_user(api, alice, carol):
    response = api(alice).patch(f"/api/users/{carol.pk}", {"role": "approver"})

    assert response.status_code == 200
    assert response.json()["role"] == "approver"
    carol.refresh_from_db()
    assert (carol.role, carol.full_name) == ("approver", "Carol Comms")


def test_it_deactivates_a_user_and_their_tokens_stop_working(api, alice, carol):
    carols = api(carol)

    api(alice).patch(f"/api/users/{carol.pk}", {"is_active": False})

    assert carols.get("/api/me").status_code == 401


def test_it_refuses_an_administrator_demoting_themselves(api, alice):
    response = api(alice).patch(f"/api/users/{alice.pk}", {"role": "comms"})

    assert response.status_code == 422
    assert "ask another administrator" in response.json()["errors"]["role"]
    alice.refresh_from_db()
    assert alice.role == "admin"


def test_it_refuses_a_null_where_a_value_is_needed(api, alice, carol):
    response = api(alice).patch(f"/api/users/{carol.pk}", {"is_active": None})

    assert response.status_code == 422
    assert "is_active" in response.json()["errors"]


def test_it_answers_404_for_an_unknown_user(api, alice):
    response = api(alice).patch("/api/users/9999", {"full_name": "Nobody"})

    assert response.status_code == 404
    assert "GET /api/users" in response.json()["detail"]


def test_it_refuses_changing_users_to_other_roles(api, carol, erin):
    response = api(carol).patch(f"/api/users/{erin.pk}", {"role": "admin"})

    assert response.status_code == 403
    erin.refresh_from_db()
    assert erin.role == "executive"


def test_it_audits_user_changes_made_through_the_api(api, alice, carol):
    client = api(alice)
    client.post("/api/users", {"email": "dana@example.com", "full_name": "Dana"})
    client.patch(f"/api/users/{carol.pk}", {"full_name": "Carol Communications"})

    entries = AuditEntry.objects.filter(action__startswith="user.").order_by("pk")
    assert [(e.action, e.via, e.actor_label) for e in entries] == [
        ("user.created", "api", "alice@example.com"),
        ("user.updated", "api", "alice@example.com"),
    ]
    assert entries[1].after["full_name"] == "Carol Communications"
