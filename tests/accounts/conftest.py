"""Helpers for the account tests: signing in through the real sign-in form, TOTP codes."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from tests.conftest import PASSWORD, TOTP_PERIOD


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    """Post the sign-in form as a person would."""
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now for `secret` (offset in 30-second steps).

    Use it under the `totp_clock` fixture: on the running clock the window can turn between
    computing the code and Podium checking it.
    """
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD + offset))


def not_the_code(secret: str) -> str:
    """A code of the right shape that is not the one shown now (a wrong code that is never
    right by chance)."""
    return "000000" if totp_code(secret) != "000000" else "111111"


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol(user: User, secret: str = SECRET) -> str:
    """Give `user` an authenticator app, as if they had set it up."""
    TOTP.activate(user, secret)
    return secret
