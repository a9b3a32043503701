import pytest
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from podium.accounts.roles import HOME_URL_NAME, Role
from podium.accounts.sign_in_limits import PER_ADDRESS
from podium.governance.filters import notable_entries
from podium.governance.models import AuditEntry
from tests.accounts.conftest import sign_in


def test_it_signs_in_by_email(client, alice):
    response = sign_in(client, "alice@example.com")
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("accounts-admin-home")
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_the_email_is_not_case_sensitive(client, alice):
    sign_in(client, "Alice@Example.COM")
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_the_sign_in_page_shows_the_organisation_and_a_forgot_password_link(client, organisation):
    page = client.get(reverse("account_login")).content.decode()
    assert "Meridian Hotels" in page
    assert "Forgot password?" in page
    assert reverse("account_reset_password") in page
    assert 'class="auth-page"' in page
    assert "<script>" not in page  # the CSP allows no inline scripts


def test_a_wrong_password_shows_a_clear_message_and_keeps_the_email(client, alice):
    response = sign_in(client, "alice@example.com", "not her password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "alert-danger" in page
    assert "password you specified are not correct" in page
    assert "reset your password" in page
    assert 'value="alice@example.com"' in page
    assert "not her password" not in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur", "erin"])
def test_each_role_lands_on_its_home(client, persona, request):
    user = request.getfixturevalue(persona)
    response = sign_in(client, user.email)
    response = client.get(response.url, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(HOME_URL_NAME[Role(user.role)])


def test_a_deactivated_user_cannot_sign_in(client, erin):
    erin.is_active = False
    erin.save()
    response = sign_in(client, "erin@example.com")
    assert "_auth_user_id" not in client.session
    assert response.url == reverse("account_inactive")
    assert "This account is deactivated" in client.get(response.url).content.decode()


def test_sign_ins_and_failures_are_audited(client, erin):
    sign_in(client, "erin@example.com", "wrong")
    sign_in(client, "nobody@example.com", "wrong")
    sign_in(client, "erin@example.com")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor_id"))
    assert actions == [
        ("user.sign_in_failed", None),
        ("user.sign_in_failed_unknown", None),
        ("user.signed_in", erin.pk),
    ]
    assert AuditEntry.objects.get(action="user.signed_in").ip_address == "127.0.0.1"


def test_a_failed_sign_in_for_an_unknown_address_names_it_and_creates_nobody(client, erin):
    client.post(
        reverse("account_login"),
        {"login": "Nobody@Example.com", "password": "guess"},
        REMOTE_ADDR="203.0.113.9",
    )

    entry = AuditEntry.objects.get(action="user.sign_in_failed_unknown")
    assert entry.actor_id is None
    assert entry.target_label == "nobody@example.com"
    assert entry.after == {"email": "nobody@example.com"}
    assert entry.ip_address == "203.0.113.9"
    assert entry.target_id == ""
    assert not User.objects.filter(email="nobody@example.com").exists()


def test_a_long_typed_address_is_cut_short_in_the_log(client, organisation):
    typed = "a" * 200 + "@example.com"

    sign_in(client, typed, "guess")

    entry = AuditEntry.objects.get(action="user.sign_in_failed_unknown")
    assert len(entry.target_label) == 80
    assert entry.target_label.endswith("…")
    assert len(entry.after["email"]) == 80


def test_unknown_address_failures_stop_being_logged_once_the_rate_limit_applies(
    client, organisation
):
    """One machine cannot fill the audit log: attempts past the limit are refused unrecorded."""
    allowed = PER_ADDRESS.failures
    answers = [
        sign_in(client, f"guess{n}@example.com", "x").status_code for n in range(allowed + 5)
    ]

    assert answers == [200] * allowed + [429] * 5
    assert AuditEntry.objects.filter(action="user.sign_in_failed_unknown").count() == allowed


def test_unknown_address_failures_stay_off_recent_activity(client, organisation):
    sign_in(client, "nobody@example.com", "guess")

    assert not notable_entries().filter(action="user.sign_in_failed_unknown").exists()


def test_signing_out_takes_a_post_and_returns_to_sign_in(client, carol):
    sign_in(client, "carol@example.com")
    assert "Sign out?" in client.get(reverse("account_logout")).content.decode()
    response = client.post(reverse("account_logout"))
    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_themselves_up(client, organisation):
    response = client.get(reverse("account_signup"))
    assert "Accounts are by invitation" in response.content.decode()
    client.post(reverse("account_signup"), {"email": "new@example.com", "password1": "x" * 12})
    assert not User.objects.filter(email="new@example.com").exists()


SSO = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                "name": "Meridian Okta",
                "client_id": "podium",
                "secret": "s3cret",
                "settings": {"server_url": "https://sso.example.com"},
            }
        ]
    }
}


def test_it_offers_single_sign_on_when_an_openid_connect_app_is_configured(
    client, organisation, settings
):
    assert "Sign in with" not in client.get(reverse("account_login")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = SSO
    page = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Meridian Okta" in page
    assert "/accounts/oidc/sso/login/" in page
