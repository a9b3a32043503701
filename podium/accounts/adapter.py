from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.accounts import sign_in_limits
from podium.accounts.addresses import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the attempt (sign_in_limits); too many: answer 429 saying how long to wait.

        allauth rolls the count back (`_login_failed_rl_usage.rollback()`) when the password
        is right, as it does for its own limits, which Podium's replace.
        """
        email = str(credentials.get("email") or credentials.get("username") or "")
        try:
            # allauth only calls this attribute's rollback(), which an Attempt has.
            self._login_failed_rl_usage = sign_in_limits.begin_attempt(  # type: ignore[assignment]
                email, client_ip(request)
            )
        except sign_in_limits.TooManyAttempts as refused:
            raise ImmediateHttpResponse(too_many_attempts(request, refused.wait)) from None

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """After a password reset from the emailed link, its owner's address starts afresh."""
        sign_in_limits.forget_failures(str(credentials.get("email") or ""), client_ip(request))

    def get_client_ip(self, request: HttpRequest) -> str:
        """The visitor's address behind PODIUM_TRUSTED_PROXIES, for allauth's other limits."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Podium could not tell where this request came from.")
        return address

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Signing in counts as confirming it's you for a few minutes.

        So someone sent to set up two-factor sign-in right after signing in is not asked for
        the password they have just typed; later changes still ask for it again.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        records = get_authentication_records(request, user)
        if not records:
            return True
        return time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on admits existing users by email; new ones only when the admin allows it."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return settings.OIDC_AUTO_CREATE_USERS


def wait_in_words(seconds: int) -> str:
    """5 -> '5 seconds', 90 -> '2 minutes', 3600 -> '60 minutes'."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def too_many_attempts(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(request, "429.html", {"wait": wait_in_words(wait)}, status=429)
    response["Retry-After"] = str(wait)
    return response
