"""Wrong passwords slow down and then refuse the address they come from, not the account's owner."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from podium.accounts.addresses import parse_networks
from podium.accounts.sign_in_limits import PER_ACCOUNT, PER_ADDRESS
from tests.conftest import PASSWORD

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
ATTACKER = "198.51.100.66"
OWNER = "203.0.113.10"


def sign_in(email: str, password: str, address: str, **headers: str):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    response.signed_in = "_auth_user_id" in client.session
    return response


def fail_five_times(traveller, email: str = "alice@example.com", address: str = ATTACKER):
    """Five wrong passwords from one address, each after the wait it was asked for."""
    for _ in range(5):
        response = sign_in(email, "guess", address)
        assert response.status_code == 200, response.content.decode()
        traveller.shift(31)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_it_slows_down_after_three_wrong_passwords(alice, clock):
    for _ in range(3):
        assert sign_in("alice@example.com", "guess", ATTACKER).status_code == 200
    response = sign_in("alice@example.com", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert "Please wait 5 seconds, then try again." in response.content.decode()
    assert not response.signed_in
    clock.shift(5)
    assert sign_in("alice@example.com", PASSWORD, ATTACKER).signed_in


def test_after_five_failures_the_address_waits_an_hour(alice, clock):
    fail_five_times(clock)
    response = sign_in("alice@example.com", PASSWORD, ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please wait 58 minutes, then try again." in page
    assert reverse("account_reset_password") in page
    clock.shift(60 * 60)
    assert sign_in("alice@example.com", PASSWORD, ATTACKER).signed_in


def test_the_owner_signs_in_from_her_own_address_while_someone_hammers_her_account(alice, clock):
    fail_five_times(clock)
    for _ in range(20):
        assert sign_in("alice@example.com", "guess", ATTACKER).status_code == 429
    response = sign_in("alice@example.com", PASSWORD, OWNER)
    assert response.status_code == 302
    assert response.signed_in


def test_the_right_password_is_not_counted_as_a_failure(alice, clock):
    sign_in("alice@example.com", "guess", OWNER)
    sign_in("alice@example.com", "guess", OWNER)
    assert sign_in("alice@example.com", PASSWORD, OWNER).signed_in
    assert sign_in("alice@example.com", "guess", OWNER).status_code == 200
    # Three counted failures would make this one wait 5 seconds.
    assert sign_in("alice@example.com", PASSWORD, OWNER).signed_in


def test_many_addresses_together_reach_the_account_ceiling(alice, clock):
    addresses = [f"192.0.2.{n}" for n in range(PER_ACCOUNT.failures // 5)]
    for address in addresses:
        for _ in range(5):
            assert sign_in("alice@example.com", "guess", address).status_code == 200
            clock.shift(31)
    response = sign_in("alice@example.com", PASSWORD, OWNER)
    assert response.status_code == 429
    assert not response.signed_in


def test_one_address_trying_many_accounts_is_limited(organisation, erin, clock):
    for n in range(PER_ADDRESS.failures):
        assert sign_in(f"person{n}@example.com", "guess", ATTACKER).status_code == 200
    assert sign_in("erin@example.com", PASSWORD, ATTACKER).status_code == 429
    assert sign_in("erin@example.com", PASSWORD, OWNER).signed_in


def test_ipv6_addresses_count_per_block(alice, clock):
    for n in range(5):
        assert sign_in("alice@example.com", "guess", f"2001:db8:1:2::{n + 1}").status_code == 200
        clock.shift(31)
    assert sign_in("alice@example.com", PASSWORD, "2001:db8:1:2::99").status_code == 429
    assert sign_in("alice@example.com", PASSWORD, "2001:db8:1:3::1").signed_in


def test_a_made_up_forwarded_address_does_not_reset_the_count(alice, clock):
    """Without PODIUM_TRUSTED_PROXIES, X-Forwarded-For is whatever the client wrote."""
    for n in range(5):
        sign_in("alice@example.com", "guess", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
        clock.shift(31)
    forged = sign_in("alice@example.com", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR=OWNER)
    assert forged.status_code == 429


@override_settings(TRUSTED_PROXIES=parse_networks(["10.0.0.5"]))
def test_behind_a_trusted_proxy_each_visitor_has_their_own_count(alice, clock):
    for _ in range(5):
        sign_in("alice@example.com", "guess", "10.0.0.5", HTTP_X_FORWARDED_FOR=ATTACKER)
        clock.shift(31)
    refused = sign_in("alice@example.com", PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert refused.status_code == 429
    owner = sign_in("alice@example.com", PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR=OWNER)
    assert owner.signed_in
