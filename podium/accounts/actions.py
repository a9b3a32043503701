"""Writes to users and tokens. Each change is audited in the same transaction."""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from podium.accounts import organisation
from podium.accounts.addresses import client_ip
from podium.accounts.models import ApiToken, User, hash_token
from podium.accounts.permissions import require_role
from podium.accounts.roles import USER_ADMINS, Role
from podium.accounts.two_factor import two_factor_required
from podium.governance import audit
from podium.governance.models import AuditEntry
from podium.lib.text import check_one_line

USER_FIELDS = ("email", "full_name", "role", "is_active", "require_two_factor")


def check_user_data(data: dict[str, Any], *, instance: User | None = None) -> dict[str, Any]:
    """Normalised data, or ValidationError naming each bad field and its fix."""
    check_one_line(data, ("email", "full_name"))
    errors: dict[str, str] = {}
    clean = {k: v for k, v in data.items() if k in USER_FIELDS}
    if "email" in clean:
        clean["email"] = (clean["email"] or "").strip().lower()
        others = User.objects.exclude(pk=instance.pk) if instance else User.objects.all()
        if "@" not in clean["email"]:
            errors["email"] = "Enter an email address such as ana@example.com."
        elif others.filter(email=clean["email"]).exists():
            errors["email"] = "Another user already signs in with this email: use a different one."
    if "full_name" in clean and not (clean["full_name"] or "").strip():
        errors["full_name"] = "Enter the person's name as colleagues know it."
    if "role" in clean and clean["role"] not in Role.values:
        errors["role"] = f"Choose one of: {', '.join(Role.values)}."
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def do_create_user(
    actor: User, data: dict[str, Any], *, password: str | None = None, via: str = "web"
) -> User:
    require_role(actor, USER_ADMINS)
    clean = check_user_data(data)
    missing = [f for f in ("email", "full_name") if not clean.get(f)]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "This field is required."))
    user = User.objects.create_user(password=password, **clean)
    audit.record(
        actor=actor, action="user.created", target=user, after=audit.snapshot(user), via=via
    )
    return user


@transaction.atomic
def do_update_user(actor: User, user: User, data: dict[str, Any], *, via: str = "web") -> User:
    require_role(actor, USER_ADMINS)
    clean = check_user_data(data, instance=user)
    if user.pk == actor.pk and (
        clean.get("role", Role.ADMIN) != Role.ADMIN or clean.get("is_active") is False
    ):
        raise ValidationError(
            {
                "role": "You cannot remove your own administrator role or deactivate yourself: "
                "ask another administrator."
            }
        )
    deactivated = user.is_active and clean.get("is_active") is False
    with audit.changing(user, actor=actor, action="user.updated", via=via):
        for field, value in clean.items():
            setattr(user, field, value)
        user.save()
    if deactivated:  # so that reactivating them later does not bring old tokens back
        for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
            do_revoke_token(actor, token, via=via)
    return user


@transaction.atomic
def do_create_token(actor: User, name: str, *, via: str = "web") -> tuple[ApiToken, str]:
    """A new token for the actor; the secret is returned once and never stored."""
    check_one_line({"name": name}, ["name"])
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Name the token after what will use it, e.g. 'CRM sync'."})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=actor, name=name[:80], prefix=secret[:10], digest=hash_token(secret)
    )
    audit.record(
        actor=actor, action="token.created", target=token, after=audit.snapshot(token), via=via
    )
    return token, secret


@transaction.atomic
def do_revoke_token(actor: User, token: ApiToken, *, via: str = "web") -> ApiToken:
    if token.user_id != actor.pk and not actor.has_role(*USER_ADMINS):
        raise ValidationError("You can revoke only your own tokens.")
    if token.revoked_at is None:
        with audit.changing(token, actor=actor, action="token.revoked", via=via):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def do_set_notify_by_email(user: User, on: bool, *, via: str = "web") -> bool:
    """A user's own choice to get notifications by email too (True) or only in Podium.
    Returns whether anything changed."""
    if user.notify_by_email == on:
        return False
    with transaction.atomic():
        user.notify_by_email = on
        user.save(update_fields=["notify_by_email"])
        audit.record(
            actor=user,
            action="user.notification_emails_on" if on else "user.notification_emails_off",
            target=user,
            before={"notify_by_email": not on},
            after={"notify_by_email": on},
            via=via,
        )
    return True


def authenticate_token(secret: str) -> User | None:
    """The active user behind an active token, or None. Marks the token as used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def do_reset_two_factor(actor: User, user: User, *, via: str = "web") -> int:
    """Remove the user's authenticator app and recovery codes (e.g. a lost phone).

    They sign in with their password alone until they enrol again, which they must do at once
    if two-factor sign-in is required of them; they are told by email. Returns how many
    authenticators were removed.
    """
    require_role(actor, USER_ADMINS)
    kinds = sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    if not kinds:
        return 0
    Authenticator.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action="user.two_factor_reset",
        target=user,
        before={"authenticators": kinds},
        after={"authenticators": []},
        via=via,
    )
    _tell_two_factor_reset(actor, user)
    return len(kinds)


def _tell_two_factor_reset(actor: User, user: User) -> None:
    """Email the person whose two-factor sign-in was removed, so that a removal they did not
    ask for does not go unnoticed. A sending error (SMTP) propagates: nothing is reset."""
    context = {
        "user": user,
        "actor": actor,
        "org_name": organisation.name(),
        "required": two_factor_required(user),
        "login_url": settings.PODIUM_BASE_URL + reverse("account_login"),
        "mfa_url": settings.PODIUM_BASE_URL + reverse("mfa_index"),
    }
    subject = " ".join(
        render_to_string("accounts/email/two_factor_reset_subject.txt", context).split()
    )
    body = render_to_string("accounts/email/two_factor_reset_message.txt", context)
    send_mail(subject, body, None, [user.email])


def invitation_valid_days() -> int:
    """How long a set-password link works (allauth's password-reset links, Django's timeout)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def password_setup_url(user: User) -> str:
    """A single-use link to choose a password (allauth's password reset, so it expires)."""
    key = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return settings.PODIUM_BASE_URL + path


def do_send_invitation(actor: User, user: User, *, via: str = "web") -> None:
    """Email the user a link to choose their password. Sending errors (SMTP) propagate."""
    require_role(actor, USER_ADMINS)
    if not user.is_active:
        raise ValidationError(
            f"{user} is deactivated, so they could not sign in: tick 'Active' and save first."
        )
    context = {
        "user": user,
        "inviter": actor,
        "role": user.get_role_display().lower(),
        "org_name": organisation.name(),
        "url": password_setup_url(user),
        "login_url": settings.PODIUM_BASE_URL + reverse("account_login"),
        "valid_days": invitation_valid_days(),
    }
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, None, [user.email])
    audit.record(actor=actor, action="user.invited", target=user, via=via)


def record_account_event(
    action: str,
    user: User,
    *,
    request: HttpRequest | None = None,
    by_user: bool = True,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Audit a sign-in or security change made through the sign-in pages (allauth's flows).

    `by_user=False` when the person is not known to be who acted, e.g. a failed sign-in.
    """
    return audit.record(
        actor=user if by_user else None,
        action=action,
        target=user,
        after=details,
        ip_address=client_ip(request),
    )


# Long enough to recognise a mistyped address, short enough that the log is no message board.
TYPED_EMAIL_MAX = 80


def record_unknown_sign_in(typed_email: str, request: HttpRequest | None) -> AuditEntry:
    """Audit a failed sign-in for an address no account has (someone guessing addresses).

    No user is created or named: the entry keeps the address as typed, cut to a few dozen
    characters and without control characters, and where the attempt came from. The sign-in
    rate limits (per address and per account) run before the password is checked, so one
    machine adds at most as many entries as it is allowed attempts.
    """
    email = "".join(ch for ch in typed_email if ch.isprintable()).strip()
    if len(email) > TYPED_EMAIL_MAX:
        email = email[: TYPED_EMAIL_MAX - 1] + "…"
    return audit.record(
        actor=None,
        action="user.sign_in_failed_unknown",
        target_type="accounts.sign_in",
        target_label=email,
        after={"email": email},
        ip_address=client_ip(request),
    )
