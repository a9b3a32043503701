from django.urls import reverse

from podium.accounts.actions import authenticate_token, do_create_token
from podium.accounts.models import ApiToken, hash_token
from podium.governance.models import AuditEntry
from tests.accounts.conftest import sign_in
from tests.conftest import PASSWORD


def test_a_new_token_is_shown_once_and_stored_hashed(client, carol):
    sign_in(client, carol.email)
    response = client.post(reverse("accounts-list-tokens"), {"name": "CRM sync"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    page = response.content.decode()
    assert secret in page
    assert "it will not be shown again" in page
    assert 'data-copy-target="#new-token-secret"' in page

    token = ApiToken.objects.get(user=carol)
    assert token.name == "CRM sync"
    assert token.digest == hash_token(secret)
    assert secret not in (token.prefix, token.digest, token.name)
    assert secret.startswith(token.prefix)
    assert authenticate_token(secret) == carol

    again = client.get(reverse("accounts-list-tokens")).content.decode()
    assert secret not in again
    assert "CRM sync" in again
    assert f"{token.prefix}…" in again
    assert AuditEntry.objects.filter(action="token.created", actor_id=carol.pk).exists()


def test_a_token_needs_a_name(client, carol):
    sign_in(client, carol.email)
    response = client.post(reverse("accounts-list-tokens"), {"name": "   "})
    page = response.content.decode()
    assert "Name the token after what will use it" in page
    assert "is-invalid" in page
    assert not ApiToken.objects.exists()


def test_an_over_long_name_is_refused_and_kept(client, carol):
    sign_in(client, carol.email)
    response = client.post(reverse("accounts-list-tokens"), {"name": "x" * 81})
    page = response.content.decode()
    assert "Keep the name under 80 characters." in page
    assert 'value="' + "x" * 81 + '"' in page
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it_working(client, carol):
    token, secret = do_create_token(carol, "Reporting")
    client.force_login(carol)
    response = client.post(reverse("accounts-revoke-token", args=[token.pk]), follow=True)
    assert "Revoked &#x27;Reporting&#x27;" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert authenticate_token(secret) is None
    assert "Revoked" in client.get(reverse("accounts-list-tokens")).content.decode()
    assert AuditEntry.objects.filter(action="token.revoked", actor_id=carol.pk).exists()


def test_revoking_needs_a_post_and_the_page_asks_to_confirm(client, carol):
    token, _ = do_create_token(carol, "Reporting")
    client.force_login(carol)
    assert client.get(reverse("accounts-revoke-token", args=[token.pk])).status_code == 405
    assert "data-confirm=" in client.get(reverse("accounts-list-tokens")).content.decode()
    token.refresh_from_db()
    assert token.is_active


def test_other_peoples_tokens_are_neither_listed_nor_revocable(client, carol, erin):
    token, secret = do_create_token(erin, "Erin's phone")
    client.force_login(carol)
    assert "Erin&#x27;s phone" not in client.get(reverse("accounts-list-tokens")).content.decode()
    assert client.post(reverse("accounts-revoke-token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active
    assert authenticate_token(secret) == erin


def test_the_empty_page_explains_tokens(client, erin):
    client.force_login(erin)
    assert "No API tokens yet" in client.get(reverse("accounts-list-tokens")).content.decode()


def test_creating_a_token_long_after_signing_in_asks_to_confirm_and_keeps_the_name(client, carol):
    client.force_login(carol)  # a session with no recent sign-in recorded

    detour = client.post(reverse("accounts-list-tokens"), {"name": "CRM sync"})

    assert detour.status_code == 302
    assert detour.url.startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.exists()
    confirmed = client.post(detour.url, {"password": PASSWORD})
    page = confirmed.content.decode()
    assert confirmed.status_code == 200
    assert "it will not be shown again" in page
    assert ApiToken.objects.get(user=carol).name == "CRM sync"


def test_listing_tokens_needs_no_fresh_confirmation(client, carol):
    client.force_login(carol)

    assert client.get(reverse("accounts-list-tokens")).status_code == 200
