"""The visitor's address: X-Forwarded-For is believed only from PODIUM_TRUSTED_PROXIES."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from podium.accounts.addresses import client_ip, parse_networks
from podium.blog.actions import COMMENT_LIMIT
from podium.blog.models import Comment
from podium.governance.models import AuditEntry
from tests.accounts.conftest import sign_in
from tests.blog.helpers import article
from tests.test_config import assert_one_line, podium

PROXIES = parse_networks(["10.0.0.5", "10.1.0.0/16"])


def address(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_it_ignores_x_forwarded_for():
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_it_takes_the_right_most_address_that_is_not_a_proxy():
    # The client wrote the left-most entry itself; our two proxies appended the rest.
    assert address("10.0.0.5", "1.2.3.4, 203.0.113.1, 10.1.4.4") == "203.0.113.1"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_it_ignores_x_forwarded_for_from_anyone_else():
    assert address("198.51.100.7", "203.0.113.1") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_a_proxy_without_the_header_is_the_address():
    assert address("10.0.0.5") == "10.0.0.5"
    assert address("10.0.0.5", "not-an-address") == "10.0.0.5"


def test_a_list_that_is_not_addresses_is_refused_with_the_fix():
    with pytest.raises(ValueError, match=re.escape("write it as 10.0.0.5 or 10.0.0.0/8")):
        parse_networks(["10.0.0.5", "proxy.internal"])


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_the_audit_log_records_the_visitors_address(alice):
    cache.clear()
    sign_in(Client(REMOTE_ADDR="10.0.0.5"), "alice@example.com", "guess")
    sign_in(
        Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.1"),
        "alice@example.com",
        "guess",
    )
    addresses = set(
        AuditEntry.objects.filter(action="user.sign_in_failed").values_list("ip_address", flat=True)
    )
    assert addresses == {"10.0.0.5", "203.0.113.1"}


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_comment_limits_count_each_visitor_behind_the_proxy(erin):
    cache.clear()
    published = article(erin.person)
    comment = {"name": "Pat", "email": "pat@example.org", "text": "Nice.", "website": ""}
    reader = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.1")
    for _ in range(COMMENT_LIMIT):
        assert reader.post(published.get_absolute_url(), comment).status_code == 302
    assert reader.post(published.get_absolute_url(), comment).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.post(published.get_absolute_url(), comment).status_code == 302
    assert Comment.objects.filter(ip_address="203.0.113.2").count() == 1


def test_a_bad_trusted_proxies_setting_stops_start_up_with_one_line(tmp_path):
    env = {"PODIUM_TRUSTED_PROXIES": "10.0.0.5,proxy.internal"}
    line = assert_one_line(podium("check", env=env, var_dir=tmp_path))
    assert "PODIUM_TRUSTED_PROXIES: 'proxy.internal' is not an address or a network" in line
