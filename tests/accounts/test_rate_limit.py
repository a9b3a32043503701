from django.urls import reverse

from tests.accounts.conftest import sign_in


def test_it_answers_429_after_repeated_failures_for_one_account(client, alice):
    for _ in range(5):
        assert sign_in(client, "alice@example.com", "guess").status_code == 200
    response = sign_in(client, "alice@example.com", "guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert "wait a few minutes, then try again" in page
    assert reverse("account_reset_password") in page


def test_even_the_right_password_waits_until_the_limit_expires(client, alice):
    for _ in range(5):
        sign_in(client, "alice@example.com", "guess")
    assert sign_in(client, "alice@example.com").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_limit_does_not_lock_out_other_people(client, alice, erin):
    for _ in range(6):
        sign_in(client, "alice@example.com", "guess")
    assert sign_in(client, "erin@example.com").status_code == 302
    assert int(client.session["_auth_user_id"]) == erin.pk


def test_one_address_trying_many_accounts_is_limited_too(client, organisation):
    for n in range(10):
        assert sign_in(client, f"person{n}@example.com", "guess").status_code == 200
    assert sign_in(client, "person10@example.com", "guess").status_code == 429
