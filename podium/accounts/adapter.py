from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on admits existing users by email; new ones only when the admin allows it."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return getattr(settings, "OIDC_AUTO_CREATE_USERS", False)
