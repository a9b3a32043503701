"""An administrator removing someone's two-factor sign-in is audited and tells that person."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from podium.governance.models import AuditEntry
from tests.accounts.conftest import enrol


def test_it_audits_the_removal_and_emails_the_person(client, alice, erin):
    enrol(erin)
    client.force_login(alice)

    response = client.post(reverse("accounts-reset-two-factor", args=[erin.pk]), follow=True)

    assert "Two-factor sign-in is reset for Erin Executive" in response.content.decode()
    assert not Authenticator.objects.filter(user=erin).exists()
    entry = AuditEntry.objects.get(action="user.two_factor_reset")
    assert (entry.actor_id, entry.target_id) == (alice.pk, str(erin.pk))
    assert entry.before == {"authenticators": ["totp"]}
    (email,) = mail.outbox
    assert email.to == ["erin@example.com"]
    assert (
        email.subject == "Two-factor sign-in was removed from your Meridian Hotels Podium account"
    )
    assert "Alice Admin, an administrator, has removed the two-factor sign-in" in email.body
    assert "with your password alone" in email.body
    assert "If you did not ask for this, tell Alice or another administrator" in email.body


def test_the_email_says_when_two_factor_must_be_set_up_again(client, alice, erin):
    erin.require_two_factor = True
    erin.save()
    enrol(erin)
    client.force_login(alice)

    client.post(reverse("accounts-reset-two-factor", args=[erin.pk]))

    assert "asks you to set up an authenticator app again" in mail.outbox[0].body


def test_nothing_to_reset_sends_nothing(client, alice, erin):
    client.force_login(alice)
    client.post(reverse("accounts-reset-two-factor", args=[erin.pk]))
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="user.two_factor_reset").exists()


@override_settings(EMAIL_BACKEND="tests.accounts.failing_email.FailingBackend")
def test_when_the_email_cannot_be_sent_nothing_is_reset(client, alice, erin):
    enrol(erin)
    client.force_login(alice)

    response = client.post(reverse("accounts-reset-two-factor", args=[erin.pk]), follow=True)

    page = response.content.decode()
    assert "Two-factor sign-in was not reset" in page
    assert "Connection refused by smtp.example.com:587" in page
    assert Authenticator.objects.filter(user=erin).exists()
    assert not AuditEntry.objects.filter(action="user.two_factor_reset").exists()


def test_only_an_administrator_may_reset_it(client, carol, erin):
    enrol(erin)
    client.force_login(carol)
    assert client.post(reverse("accounts-reset-two-factor", args=[erin.pk])).status_code == 403
    assert Authenticator.objects.filter(user=erin).exists()
    assert mail.outbox == []
