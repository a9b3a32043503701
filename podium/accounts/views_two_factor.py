"""Replacing the authenticator app (a new phone) without a moment of password-only sign-in.

The other two-factor pages are allauth's; this one reuses its activation form (a new secret
kept in the session, rate-limited code checks) and swaps the app with `do_replace_totp`.
"""

from __future__ import annotations

import base64

from allauth.account.decorators import reauthentication_required
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import clear_totp_secret
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.models import User
from podium.accounts.permissions import SignedInRequest
from podium.accounts.two_factor import do_replace_totp, two_factor_required


def _qr_data_uri(user: User, secret: str) -> str:
    adapter = get_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, secret))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
@reauthentication_required(app="allauth.mfa")
def replace_totp(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return redirect("mfa_activate_totp")
    form = ActivateTOTPForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            do_replace_totp(user, form.secret, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            clear_totp_secret(request)
            messages.success(
                request,
                "Your new authenticator app is in use: the old one no longer works. Your "
                "recovery codes are unchanged.",
            )
            return redirect("mfa_index")
    return render(
        request,
        "mfa/totp/replace_form.html",
        {
            "form": form,
            "totp_svg_data_uri": _qr_data_uri(user, form.secret),
            "required": two_factor_required(user),
        },
    )
