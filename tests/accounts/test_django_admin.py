"""The Django admin only shows: every change goes through Podium's pages, actions and audit log."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.urls import reverse

from tests.accounts.conftest import enrol
from tests.test_config import podium, production


@pytest.fixture
def superuser(alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    return alice


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def erins_authenticator(erin):
    enrol(erin)
    return Authenticator.objects.get(user=erin, type=Authenticator.Type.TOTP)


@pytest.fixture
def sso_token(erin):
    app = SocialApp.objects.create(
        provider="openid_connect", name="SSO", client_id="podium", secret="app-secret-123"
    )
    account = SocialAccount.objects.create(user=erin, provider="sso", uid="erin-1")
    return SocialToken.objects.create(
        app=app, account=account, token="token-secret-456", token_secret="refresh-789"
    )


def _url(obj, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def test_it_cannot_delete_an_authenticator(admin_client, erins_authenticator):
    url = _url(erins_authenticator, "delete")
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Authenticator.objects.filter(pk=erins_authenticator.pk).exists()


def test_it_offers_no_bulk_delete(admin_client, erins_authenticator):
    changelist = reverse("admin:mfa_authenticator_changelist")
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [erins_authenticator.pk]}
    )
    assert Authenticator.objects.filter(pk=erins_authenticator.pk).exists()
    assert "delete_selected" not in admin_client.get(changelist).content.decode()
    assert response.status_code in {200, 302}


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_no_model_can_be_added(admin_client, model):
    meta = model._meta
    add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
    assert admin_client.get(add).status_code == 403
    assert admin_client.post(add, {}).status_code == 403
    changelist = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert add not in changelist.content.decode()


def test_it_shows_an_email_address_but_not_change_it(admin_client, erin):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.create(user=erin, email=erin.email, primary=True)
    url = _url(address, "change")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"email": "mallory@example.com", "user": erin.pk})
    assert response.status_code == 403
    address.refresh_from_db()
    assert address.email == "erin@example.com"


def test_it_hides_tokens_and_secrets(admin_client, sso_token, erins_authenticator):
    pages = [
        admin_client.get(reverse("admin:socialaccount_socialtoken_changelist")),
        admin_client.get(_url(sso_token, "change")),
        admin_client.get(_url(sso_token.app, "change")),
        admin_client.get(_url(erins_authenticator, "change")),
    ]
    secret = erins_authenticator.wrap().instance.data["secret"]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        for value in ("token-secret-456", "refresh-789", "app-secret-123", secret):
            assert value not in text


def test_it_is_absent_in_production(tmp_path):
    env = production(DATABASE_URL=f"sqlite:///{tmp_path}/podium.sqlite3")
    script = (
        "from django.urls import Resolver404, resolve\n"
        "try:\n    resolve('/django-admin/')\nexcept Resolver404:\n    print('absent')\n"
    )
    result = podium("shell", "-v", "0", "-c", script, env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "absent"


def test_a_setting_turns_it_on_in_production(tmp_path):
    env = production(
        DATABASE_URL=f"sqlite:///{tmp_path}/podium.sqlite3", PODIUM_DJANGO_ADMIN="true"
    )
    script = "from django.urls import resolve\nprint(resolve('/django-admin/').app_name)\n"
    result = podium("shell", "-v", "0", "-c", script, env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "admin"
