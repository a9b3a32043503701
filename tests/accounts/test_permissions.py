"""Every account page refuses those it is not for: anonymous visitors and the wrong roles."""

import pytest
from django.urls import reverse

from podium.accounts.actions import do_create_token
from podium.accounts.models import User

ADMIN_PAGES = [
    ("get", "accounts-admin-home", False),
    ("get", "accounts-list-users", False),
    ("get", "accounts-create-user", False),
    ("post", "accounts-create-user", False),
    ("get", "accounts-edit-user", True),
    ("post", "accounts-edit-user", True),
    ("post", "accounts-reset-two-factor", True),
    ("post", "accounts-invite-user", True),
]


def url(name: str, with_pk: bool, user: User) -> str:
    return reverse(name, args=[user.pk]) if with_pk else reverse(name)


@pytest.mark.parametrize(("method", "name", "with_pk"), ADMIN_PAGES)
@pytest.mark.parametrize("persona", ["carol", "arthur", "erin", "ian"])
def test_admin_pages_are_403_for_other_roles(
    client, alice, persona, method, name, with_pk, request
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    data = {"full_name": "X", "email": "x@example.com", "role": "admin"}
    response = getattr(client, method)(
        url(name, with_pk, alice), data if method == "post" else None
    )
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.role == "admin"
    assert not User.objects.filter(email="x@example.com").exists()


@pytest.mark.parametrize(("method", "name", "with_pk"), ADMIN_PAGES)
def test_admin_pages_send_anonymous_visitors_to_sign_in(client, alice, method, name, with_pk):
    response = getattr(client, method)(url(name, with_pk, alice))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["accounts-list-tokens", "mfa_index", "account_change_password"])
def test_personal_settings_send_anonymous_visitors_to_sign_in(client, organisation, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_revoking_a_token_sends_anonymous_visitors_to_sign_in(client, erin):
    token, _ = do_create_token(erin, "CRM")
    response = client.post(reverse("accounts-revoke-token", args=[token.pk]))
    assert response.url.startswith(reverse("account_login"))
    token.refresh_from_db()
    assert token.is_active


def test_an_administrator_cannot_revoke_someone_elses_token_from_their_own_settings(
    client, alice, erin
):
    token, _ = do_create_token(erin, "CRM")
    client.force_login(alice)
    assert client.post(reverse("accounts-revoke-token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_deactivated_administrator_is_refused(client, alice):
    client.force_login(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    response = client.get(reverse("accounts-list-users"))
    assert response.status_code == 302  # signed out: an inactive user has no session
