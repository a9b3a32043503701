import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.org.models import Organisation
from tests.accounts.conftest import enrol, not_the_code, sign_in, totp_code

# The codes typed here are computed for the window Podium checks.
pytestmark = pytest.mark.usefixtures("totp_clock")


def test_it_redirects_a_user_who_must_use_two_factor_to_enrolment(client, erin):
    erin.require_two_factor = True
    erin.save()
    sign_in(client, "erin@example.com")
    response = client.get(reverse("org-executive-home"))
    assert response.url == reverse("mfa_activate_totp")
    page = client.get(response.url).content.decode()
    assert "requires two-factor sign-in" in page


def test_an_organisation_wide_requirement_applies_to_everyone(client, carol):
    Organisation.objects.update(require_two_factor=True)
    sign_in(client, "carol@example.com")
    assert client.get(reverse("org-program-home")).url == reverse("mfa_activate_totp")


def test_users_who_are_not_required_are_left_alone(client, carol):
    sign_in(client, "carol@example.com")
    assert client.get(reverse("org-program-home")).status_code == 200


def test_it_activates_an_authenticator_app_with_a_code(
    client, erin, django_capture_on_commit_callbacks
):
    erin.require_two_factor = True
    erin.save()
    sign_in(client, "erin@example.com")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200  # signing in just now counts as confirming it's you
    html = page.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert secret in html  # to type by hand when the QR code cannot be scanned
    assert "data:image/svg+xml;base64," in html
    assert 'data-copy-target="#totp-secret-text"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=erin, type=Authenticator.Type.TOTP).exists()
    codes = client.get(response.url).content.decode()
    assert "Your recovery codes" in codes
    added = AuditEntry.objects.filter(action="user.two_factor_added", actor_id=erin.pk)
    assert {e.after["authenticator"] for e in added} == {"authenticator app", "recovery codes"}
    # The requirement is met: Erin reaches her home.
    assert client.get(reverse("org-executive-home")).status_code == 200


def test_a_wrong_code_is_refused_and_nothing_is_activated(client, carol):
    sign_in(client, "carol@example.com")
    client.get(reverse("mfa_activate_totp"))
    wrong = not_the_code(client.session["mfa.totp.secret"])
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in page
    assert "Incorrect code" in page
    assert not Authenticator.objects.filter(user=carol).exists()


def test_sign_in_asks_for_the_code_after_the_password(client, carol):
    secret = enrol(carol)
    response = sign_in(client, "carol@example.com")
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Enter your code" in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": not_the_code(secret)})
    assert "is-invalid" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == carol.pk
    assert client.get(reverse("home")).url == reverse("org-program-home")


def test_the_two_factor_settings_pages_render(client, carol):
    enrol(carol)
    client.force_login(carol)
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Authenticator app" in page
    assert "Turn off" in page
    # Turning off and recovery codes ask to confirm it's you when sign-in was not just now.
    assert client.get(reverse("mfa_deactivate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    reauth = client.get(reverse("account_reauthenticate")).content.decode()
    assert "Confirm it's you" in reauth


def test_turning_off_two_factor_is_audited(carol):
    secret = enrol(carol)
    client = Client()
    sign_in(client, "carol@example.com")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "Turn off two-factor sign-in?" in page
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.url == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=carol, type=Authenticator.Type.TOTP).exists()
    assert AuditEntry.objects.filter(action="user.two_factor_removed", actor_id=carol.pk).exists()


def _signed_in_with_code(client: Client, user, secret: str) -> None:
    sign_in(client, user.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_required_two_factor_cannot_be_turned_off(client, carol):
    carol.require_two_factor = True
    carol.save()
    secret = enrol(carol)
    _signed_in_with_code(client, carol, secret)

    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    refused = client.post(reverse("mfa_deactivate_totp"))

    assert "Your administrator requires two-factor authentication" in page
    assert "You can replace your authenticator app" in page
    assert reverse("accounts-replace-totp") in page
    assert ">Turn off</button>" not in page
    assert refused.status_code == 200
    assert Authenticator.objects.filter(user=carol, type=Authenticator.Type.TOTP).exists()
    assert not AuditEntry.objects.filter(action="user.two_factor_removed").exists()


def test_an_organisation_wide_requirement_also_keeps_it_on(client, carol):
    Organisation.objects.update(require_two_factor=True)
    secret = enrol(carol)
    _signed_in_with_code(client, carol, secret)

    client.post(reverse("mfa_deactivate_totp"))
    index = client.get(reverse("mfa_index")).content.decode()

    assert Authenticator.objects.filter(user=carol, type=Authenticator.Type.TOTP).exists()
    assert "Required by your administrator, so it cannot be turned off." in index
    assert reverse("mfa_deactivate_totp") not in index
    assert "Replace authenticator app" in index


def test_someone_not_required_may_still_turn_it_off(client, carol):
    secret = enrol(carol)
    _signed_in_with_code(client, carol, secret)

    index = client.get(reverse("mfa_index")).content.decode()
    client.post(reverse("mfa_deactivate_totp"))

    assert reverse("mfa_deactivate_totp") in index
    assert not Authenticator.objects.filter(user=carol, type=Authenticator.Type.TOTP).exists()


def test_replacing_the_app_swaps_it_only_once_the_new_code_works(client, carol):
    carol.require_two_factor = True
    carol.save()
    old_secret = enrol(carol)
    _signed_in_with_code(client, carol, old_secret)
    client.post(reverse("mfa_generate_recovery_codes"))
    codes_before = Authenticator.objects.get(user=carol, type="recovery_codes").data

    page = client.get(reverse("accounts-replace-totp"))
    new_secret = client.session["mfa.totp.secret"]
    wrong = client.post(reverse("accounts-replace-totp"), {"code": totp_code(old_secret, 1)})
    still_old = Authenticator.objects.get(user=carol, type=Authenticator.Type.TOTP)
    done = client.post(reverse("accounts-replace-totp"), {"code": totp_code(new_secret)})

    assert page.status_code == 200
    assert new_secret in page.content.decode()
    assert new_secret != old_secret
    assert "is-invalid" in wrong.content.decode()
    assert "Type the code from the new app" in wrong.content.decode()
    assert still_old.pk is not None  # the old app stayed after the wrong code
    assert done.url == reverse("mfa_index")
    current = Authenticator.objects.get(user=carol, type=Authenticator.Type.TOTP)
    assert current.pk != still_old.pk
    assert decrypt(current.data["secret"]) == new_secret
    assert Authenticator.objects.get(user=carol, type="recovery_codes").data == codes_before
    entry = AuditEntry.objects.get(action="user.two_factor_replaced")
    assert entry.actor_id == carol.pk
    assert "secret" not in str(entry.after)
    assert "new authenticator app is in use" in client.get(done.url).content.decode()


def test_replacing_needs_an_app_to_replace(client, carol):
    sign_in(client, carol.email)

    response = client.get(reverse("accounts-replace-totp"))

    assert response.url == reverse("mfa_activate_totp")


def test_replacing_asks_to_confirm_it_is_you_after_a_while(client, carol):
    enrol(carol)
    client.force_login(carol)

    response = client.get(reverse("accounts-replace-totp"))

    assert response.url.startswith(reverse("account_reauthenticate"))


def test_replacing_needs_a_sign_in(client, organisation):
    response = client.get(reverse("accounts-replace-totp"))

    assert response.url.startswith(reverse("account_login"))


def test_required_users_may_still_regenerate_recovery_codes(client, carol):
    carol.require_two_factor = True
    carol.save()
    secret = enrol(carol)
    _signed_in_with_code(client, carol, secret)

    response = client.post(reverse("mfa_generate_recovery_codes"))

    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=carol, type="recovery_codes").exists()


def test_an_administrator_may_still_reset_required_two_factor(client, alice, carol):
    carol.require_two_factor = True
    carol.save()
    enrol(carol)
    sign_in(client, alice.email)

    client.post(reverse("accounts-reset-two-factor", args=[carol.pk]))

    assert not Authenticator.objects.filter(user=carol).exists()
    entry = AuditEntry.objects.get(action="user.two_factor_reset")
    assert entry.actor_id == alice.pk
