from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from podium.accounts.two_factor import two_factor_required

# Pages a person must still reach while they have not enrolled: enrolment itself and sign-out.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/api/")


class RequireTwoFactorMiddleware:
    """When an administrator requires two-factor sign-in, send the user to enrol first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and self._required(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "Your administrator requires two-factor sign-in. Scan the code with an "
                "authenticator app and enter the six digits it shows to continue.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _required(user: object) -> bool:
        return two_factor_required(user)


class PrivateCacheMiddleware:
    """Answers for a signed-in person, or to an API token, are kept by no cache.

    A shared proxy must never hand one person's page to another, and a browser should not keep
    an account's pages on disk after sign-out. Public pages (the blog, feeds) are left alone, as
    is any answer that already says how to cache it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_in = request.user.is_authenticated or getattr(request, "auth", None) is not None
        if (signed_in or "Authorization" in request.headers) and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
