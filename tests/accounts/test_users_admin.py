import re
from urllib.parse import urlsplit

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from podium.governance.models import AuditEntry
from tests.accounts.conftest import enrol, sign_in

NEW = {
    "full_name": "Nadia Novak",
    "email": "Nadia@Example.com",
    "role": "approver",
    "require_two_factor": "on",
}


def edit_data(user: User, **changes: object) -> dict[str, object]:
    data = {
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
    }
    if user.require_two_factor:
        data["require_two_factor"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v not in ("", None)}


def test_the_list_shows_each_user_with_role_and_two_factor(client, alice, carol, erin):
    enrol(carol)
    erin.require_two_factor = True
    erin.save()
    client.force_login(alice)
    response = client.get(reverse("accounts-list-users"))
    page = response.content.decode()
    for user in (alice, carol, erin):
        assert user.email in page
        assert reverse("accounts-edit-user", args=[user.pk]) in page
    assert "Communications manager" in page
    rows = {u.email: u for u in response.context["page"].object_list}
    assert rows["carol@example.com"].has_two_factor
    assert not rows["erin@example.com"].has_two_factor


def test_the_list_filters_by_role_status_and_search(client, alice, carol, erin):
    client.force_login(alice)

    def emails(**query: str) -> list[str]:
        response = client.get(reverse("accounts-list-users"), query)
        return [u.email for u in response.context["page"].object_list]

    assert emails(role="comms") == ["carol@example.com"]
    assert emails(q="ERIN") == ["erin@example.com"]
    assert "alice@example.com" in emails(status="no-2fa")
    assert emails(status="inactive") == []
    assert (
        "No users match" in client.get(reverse("accounts-list-users"), {"q": "zz"}).content.decode()
    )


def test_the_list_takes_the_same_queries_however_many_users(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    for n in range(30):
        User.objects.create_user(email=f"user{n}@example.com", full_name=f"User {n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("accounts-list-users"))


def test_creating_a_user_emails_them_a_link_to_choose_a_password(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts-create-user"), NEW, follow=True)
    user = User.objects.get(email="nadia@example.com")
    assert (user.full_name, user.role, user.require_two_factor) == ("Nadia Novak", "approver", True)
    assert not user.has_usable_password()
    assert response.redirect_chain[-1][0] == reverse("accounts-edit-user", args=[user.pk])
    assert "We emailed nadia@example.com a link to choose a password" in response.content.decode()

    [message] = mail.outbox
    assert message.to == ["nadia@example.com"]
    assert "Alice Admin invited you to Meridian Hotels" in message.subject
    assert "as approver" in message.body
    assert "authenticator app" in message.body  # two-factor is required of her
    url = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)

    nadia = Client()
    form = nadia.get(urlsplit(url).path, follow=True)
    assert "Choose a password" in form.content.decode()
    nadia.post(
        form.redirect_chain[-1][0],
        {"password1": "lemon kite orbit", "password2": "lemon kite orbit"},
    )
    assert sign_in(Client(), "nadia@example.com", "lemon kite orbit").status_code == 302

    actions = list(
        AuditEntry.objects.filter(target_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"user.created", "user.invited"} <= set(actions)


def test_bad_input_is_refused_with_messages_and_keeps_what_was_typed(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts-create-user"),
        {"full_name": "", "email": "nadia-at-example", "role": "boss"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert "Enter the person&#x27;s name as colleagues know it." in page
    assert "Enter an email address such as ana@example.com." in page
    assert "Choose one of the roles listed." in page
    assert 'value="nadia-at-example"' in page
    assert not User.objects.filter(email__startswith="nadia").exists()
    assert not AuditEntry.objects.exists()
    assert not mail.outbox


def test_an_email_already_in_use_is_refused(client, alice, erin):
    client.force_login(alice)
    response = client.post(reverse("accounts-create-user"), {**NEW, "email": "ERIN@example.com"})
    assert "Another user already signs in with this email" in response.content.decode()
    assert User.objects.filter(email="erin@example.com").count() == 1


def test_if_the_email_cannot_be_sent_the_admin_is_told_and_the_user_kept(client, alice, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_email.FailingBackend"
    client.force_login(alice)
    response = client.post(reverse("accounts-create-user"), NEW, follow=True)
    page = response.content.decode()
    assert "the invitation email could not be sent" in page
    assert "Send invitation" in page
    user = User.objects.get(email="nadia@example.com")
    assert not AuditEntry.objects.filter(action="user.invited", target_id=str(user.pk)).exists()


def test_editing_a_user_saves_and_audits_the_change(client, alice, carol):
    client.force_login(alice)
    response = client.post(
        reverse("accounts-edit-user", args=[carol.pk]),
        edit_data(carol, role="approver", require_two_factor="on"),
    )
    assert response.url == reverse("accounts-edit-user", args=[carol.pk])
    carol.refresh_from_db()
    assert (carol.role, carol.require_two_factor) == ("approver", True)
    entry = AuditEntry.objects.get(action="user.updated")
    assert entry.actor_id == alice.pk
    assert ("role", "comms", "approver") in entry.changes
    assert ("require_two_factor", False, True) in entry.changes


def test_the_edit_page_shows_the_users_history(client, alice, carol):
    client.force_login(alice)
    client.post(reverse("accounts-edit-user", args=[carol.pk]), edit_data(carol, role="approver"))
    page = client.get(reverse("accounts-edit-user", args=[carol.pk])).content.decode()
    assert "updated the account" in page


def test_an_admin_cannot_demote_themselves(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts-edit-user", args=[alice.pk]), edit_data(alice, role="comms")
    )
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.content.decode()
    assert 'value="comms" class="form-selectgroup-input" checked' in response.content.decode()
    alice.refresh_from_db()
    assert alice.role == "admin"
    assert not AuditEntry.objects.exists()


def test_a_deactivated_user_can_no_longer_sign_in(client, alice, erin):
    client.force_login(alice)
    data = edit_data(erin)
    del data["is_active"]
    client.post(reverse("accounts-edit-user", args=[erin.pk]), data)
    erin.refresh_from_db()
    assert not erin.is_active
    browser = Client()
    sign_in(browser, "erin@example.com")
    assert "_auth_user_id" not in browser.session


def test_resetting_two_factor_removes_the_authenticators_and_is_audited(client, alice, carol):
    enrol(carol)
    client.force_login(alice)
    response = client.post(reverse("accounts-reset-two-factor", args=[carol.pk]), follow=True)
    assert "Two-factor sign-in is reset for Carol Comms" in response.content.decode()
    assert not Authenticator.objects.filter(user=carol).exists()
    entry = AuditEntry.objects.get(action="user.two_factor_reset")
    assert (entry.actor_id, entry.target_id) == (alice.pk, str(carol.pk))
    assert entry.before == {"authenticators": ["totp"]}
    # Carol now signs in with her password alone.
    assert sign_in(Client(), "carol@example.com").url == reverse("home")


def test_resetting_two_factor_needs_a_post(client, alice, carol):
    enrol(carol)
    client.force_login(alice)
    assert client.get(reverse("accounts-reset-two-factor", args=[carol.pk])).status_code == 405
    assert Authenticator.objects.filter(user=carol).exists()


def test_the_admin_can_send_the_invitation_again(client, alice, erin):
    client.force_login(alice)
    response = client.post(reverse("accounts-invite-user", args=[erin.pk]), follow=True)
    assert "We emailed erin@example.com" in response.content.decode()
    assert mail.outbox[0].to == ["erin@example.com"]
    assert AuditEntry.objects.filter(action="user.invited", target_id=str(erin.pk)).exists()


def test_a_deactivated_user_gets_no_invitation(client, alice, erin):
    erin.is_active = False
    erin.save()
    client.force_login(alice)
    response = client.post(reverse("accounts-invite-user", args=[erin.pk]), follow=True)
    assert "is deactivated" in response.content.decode()
    assert not mail.outbox


def test_an_unknown_user_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts-edit-user", args=[999999])).status_code == 404


def test_after_an_email_change_only_the_new_address_signs_in(client, alice, erin):
    sign_in(Client(), "erin@example.com")  # her sign-in records the address too
    client.force_login(alice)
    client.post(
        reverse("accounts-edit-user", args=[erin.pk]), edit_data(erin, email="erin@new.example")
    )
    old, new = Client(), Client()
    sign_in(old, "erin@example.com")
    sign_in(new, "erin@new.example")
    assert "_auth_user_id" not in old.session
    assert int(new.session["_auth_user_id"]) == erin.pk
    client.post(reverse("account_reset_password"), {"email": "erin@example.com"})
    assert all("erin@example.com" not in m.to for m in mail.outbox if "password" in m.subject)
