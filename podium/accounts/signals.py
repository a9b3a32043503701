"""Audit what people change through the sign-in pages, which allauth handles, not our actions.

Sign-ins, failed sign-ins (for unknown addresses too), password changes and two-factor changes each
become an audit entry, so administrators see them with everything else.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import Signal, receiver

from podium.accounts.actions import record_account_event, record_unknown_sign_in

AUTHENTICATOR_NAMES = {"totp": "authenticator app", "recovery_codes": "recovery codes"}


def _kind(authenticator: Any) -> dict[str, str]:
    return {"authenticator": AUTHENTICATOR_NAMES.get(authenticator.type, authenticator.type)}


@receiver(account_signals.user_logged_in, dispatch_uid="podium-audit-signed-in")
def on_signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_account_event("user.signed_in", user, request=request)


@receiver(user_login_failed, dispatch_uid="podium-audit-sign-in-failed")
def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    email = (credentials.get("email") or credentials.get("username") or "").strip().lower()
    if not email:
        return
    user = get_user_model().objects.filter(email=email).first()
    if user is not None:
        record_account_event("user.sign_in_failed", user, request=request, by_user=False)
    else:  # someone guessing addresses: worth seeing, and rate-limited before we get here
        record_unknown_sign_in(email, request)


@receiver(account_signals.password_changed, dispatch_uid="podium-audit-password-changed")
def on_password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_account_event("user.password_changed", user, request=request)


@receiver(account_signals.password_set, dispatch_uid="podium-audit-password-set")
def on_password_set(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_account_event("user.password_set", user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="podium-audit-password-reset")
def on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Whoever holds the emailed link acted, which is not proof it was the user.
    record_account_event("user.password_reset", user, request=request, by_user=False)


# What adding, removing or regenerating an authenticator is called in the audit log.
AUTHENTICATOR_CHANGES = {
    mfa_signals.authenticator_added: "user.two_factor_added",
    mfa_signals.authenticator_removed: "user.two_factor_removed",
    mfa_signals.authenticator_reset: "user.recovery_codes_regenerated",
}


@receiver(list(AUTHENTICATOR_CHANGES), dispatch_uid="podium-audit-2fa-changed")
def on_authenticator_changed(
    sender: Any, signal: Signal, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    action = AUTHENTICATOR_CHANGES[signal]
    record_account_event(action, user, request=request, details=_kind(authenticator))


@receiver(mfa_signals.authentication_failed, dispatch_uid="podium-audit-2fa-failed")
def on_two_factor_failed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_account_event("user.two_factor_failed", user, request=request, by_user=False)
