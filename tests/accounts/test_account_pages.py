"""The allauth pages Podium restyles: each renders in Podium's layout and does its job."""

import pytest
from allauth.account.models import EmailAddress
from django.template.loader import render_to_string
from django.urls import reverse

from podium.accounts.models import User
from podium.governance.models import AuditEntry
from tests.accounts.conftest import enrol, sign_in
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("mfa_index", "Authenticator app"),
        ("account_change_password", "Change your password"),
        ("account_email", "Your sign-in email"),
        ("accounts-list-tokens", "Your tokens"),
    ],
)
def test_the_settings_pages_share_the_settings_navigation(client, carol, name, text):
    client.force_login(carol)
    page = client.get(reverse(name)).content.decode()
    assert text in page
    assert 'aria-label="Account settings"' in page
    assert 'aria-current="page"' in page
    assert "Main navigation" in page  # the normal layout with the sidebar


@pytest.mark.parametrize(
    "name", ["account_login", "account_reset_password", "account_reset_password_done"]
)
def test_the_entrance_pages_use_the_centred_card(client, organisation, name):
    page = client.get(reverse(name)).content.decode()
    assert 'class="auth-page"' in page
    assert "auth-card" in page
    assert "Main navigation" not in page


def test_changing_the_password_works_and_is_audited(client, carol):
    sign_in(client, "carol@example.com")
    new = "saffron glacier pilot"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password(new)
    assert AuditEntry.objects.filter(action="user.password_changed", actor_id=carol.pk).exists()


def test_a_wrong_current_password_is_refused_with_a_message(client, carol):
    sign_in(client, "carol@example.com")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "nope", "password1": "saffron glacier pilot", "password2": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in page
    assert "Please type your current password." in page
    carol.refresh_from_db()
    assert carol.check_password(PASSWORD)


def test_people_cannot_add_a_second_email_to_sign_in_with(client, carol):
    sign_in(client, "carol@example.com")
    client.post(reverse("account_email"), {"action_add": "", "email": "carol@elsewhere.example"})
    assert not EmailAddress.objects.filter(email="carol@elsewhere.example").exists()
    assert User.objects.get(pk=carol.pk).email == "carol@example.com"


def test_new_recovery_codes_are_audited(client, carol, django_capture_on_commit_callbacks):
    enrol(carol)
    client.force_login(carol)
    # A fresh sign-in is needed for this: confirm with the password first.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert (
        "Generate new recovery codes?"
        in client.get(reverse("mfa_generate_recovery_codes")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.url == reverse("mfa_view_recovery_codes")
    codes = client.get(response.url).content.decode()
    assert 'id="recovery-codes"' in codes
    assert AuditEntry.objects.filter(
        actor_id=carol.pk, action="user.recovery_codes_regenerated"
    ).exists()


def test_the_rate_limit_page_renders_on_its_own(organisation):
    html = render_to_string("429.html", {"organisation": organisation})
    assert "Too many attempts" in html
