from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Too many failed sign-ins for one account or address: answer 429 with the wait page."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise

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
        return getattr(settings, "OIDC_AUTO_CREATE_USERS", False)
