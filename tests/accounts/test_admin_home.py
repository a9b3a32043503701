from django.urls import reverse

from podium.accounts.actions import record_account_event
from podium.accounts.models import User
from podium.org.models import Organisation
from tests.accounts.conftest import enrol, sign_in


def test_it_counts_users_by_role_and_two_factor(client, alice, carol, arthur, erin, ian):
    enrol(carol)
    User.objects.create_user(email="gone@example.com", full_name="Gone", is_active=False)
    client.force_login(alice)
    response = client.get(reverse("accounts-admin-home"))
    counts = {r["value"]: r["count"] for r in response.context["roles"]}
    assert counts == {"admin": 1, "comms": 1, "approver": 1, "executive": 2}
    assert (response.context["enrolled"], response.context["total_users"]) == (1, 5)
    page = response.content.decode()
    assert "1 of 5 active users have set up an authenticator app" in page
    assert "Administrator without 2FA" in page  # alice herself
    assert "1 deactivated" in page


def test_it_links_to_the_administrators_pages(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts-admin-home")).content.decode()
    for name in [
        "accounts-list-users",
        "accounts-create-user",
        "org-edit-organisation",
        "system-status",
        "governance-list-audit",
    ]:
        assert f'href="{reverse(name)}' in page


def test_it_shows_recent_sign_in_activity(client, alice, erin):
    sign_in(client, "erin@example.com", "wrong")
    sign_in(client, "erin@example.com")
    client.force_login(alice)
    page = client.get(reverse("accounts-admin-home")).content.decode()
    assert "Erin Executive</span> failed to sign in" in page
    assert "Erin Executive</span> signed in" in page


def test_it_says_so_when_there_is_no_activity_yet(client, alice):
    client.force_login(alice)
    assert "No account activity yet" in client.get(reverse("accounts-admin-home")).content.decode()


def test_it_shows_when_everyone_must_use_two_factor(client, alice):
    Organisation.objects.update(require_two_factor=True)
    enrol(alice)
    client.force_login(alice)
    page = client.get(reverse("accounts-admin-home")).content.decode()
    assert "Required for everyone" in page
    assert "Everyone has two-factor sign-in set up." in page


def test_recovery_codes_read_differently_from_the_app(client, alice, erin):
    record_account_event(
        "user.two_factor_added", erin, details={"authenticator": "authenticator app"}
    )
    record_account_event("user.two_factor_added", erin, details={"authenticator": "recovery codes"})
    client.force_login(alice)
    page = client.get(reverse("accounts-admin-home")).content.decode()
    assert "turned on two-factor sign-in" in page
    assert "received recovery codes" in page
