"""Helpers for the account tests: signing in through the real sign-in form, TOTP codes."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits and used TOTP codes live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    """Post the sign-in form as a person would."""
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now for `secret` (offset in 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol(user: User, secret: str = SECRET) -> str:
    """Give `user` an authenticator app, as if they had set it up."""
    TOTP.activate(user, secret)
    return secret
