"""Account pages: the administrator's home, users, and personal API tokens.

Sign-in, password and two-factor pages are allauth's views with Podium's templates.
"""

from __future__ import annotations

import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.actions import (
    do_create_token,
    do_create_user,
    do_reset_two_factor,
    do_revoke_token,
    do_send_invitation,
    do_update_user,
    invitation_valid_days,
)
from podium.accounts.forms import EditUserForm, TokenForm, UserForm
from podium.accounts.models import ApiToken, User
from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.queries import account_events, filter_users, overview, with_two_factor
from podium.accounts.reauth import reauthentication_for_writes
from podium.accounts.roles import USER_ADMINS, Role
from podium.governance.models import AuditEntry
from podium.lib.forms import show_errors

USERS_PER_PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands on their role's home page."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(request.user.home_url_name)


@role_required(USER_ADMINS)
def admin_home(request: SignedInRequest) -> HttpResponse:
    return render(request, "accounts/admin_home.html", {"title": "Administration", **overview()})


@role_required(USER_ADMINS)
def list_users(request: SignedInRequest) -> HttpResponse:
    filters = {
        "q": request.GET.get("q", "").strip(),
        "role": request.GET.get("role", ""),
        "status": request.GET.get("status", ""),
    }
    users = filter_users(with_two_factor(User.objects.all()), **filters)
    page = Paginator(users.order_by("full_name", "email"), USERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "title": "Users",
            "page": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "roles": Role.choices,
        },
    )


def _send_invitation(request: SignedInRequest, user: User, *, created: bool) -> None:
    """Email the set-password link and tell the administrator how it went."""
    try:
        do_send_invitation(request.user, user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (smtplib.SMTPException, OSError) as error:
        done = f"{user} was created, but" if created else "The"
        messages.error(
            request,
            f"{done} the invitation email could not be sent ({error}). Check Podium's email "
            "settings, then press 'Send invitation' on this page.",
        )
    else:
        done = f"{user} now has an account. " if created else ""
        days = invitation_valid_days()
        messages.success(
            request,
            f"{done}We emailed {user.email} a link to choose a password; it works once, "
            f"for {days} day{'s' if days != 1 else ''}.",
        )


@role_required(USER_ADMINS)
def create_user(request: SignedInRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"role": Role.EXECUTIVE})
    if request.method == "POST" and form.is_valid():
        try:
            user = do_create_user(request.user, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            _send_invitation(request, user, created=True)
            return redirect("accounts-edit-user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"title": "New user", "form": form})


@role_required(USER_ADMINS)
def edit_user(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(with_two_factor(User.objects.all()), pk=pk)
    initial = {f: getattr(user, f) for f in EditUserForm.base_fields}
    form = EditUserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_user(request.user, user, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved the changes to {user}.")
            return redirect("accounts-edit-user", pk=user.pk)
    history = AuditEntry.objects.filter(target_type="accounts.user", target_id=str(user.pk))
    return render(
        request,
        "accounts/user_form.html",
        {
            "title": user.get_full_name(),
            "form": form,
            "subject": user,
            "active_tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True).count(),
            "events": account_events(history[:10]),
        },
    )


@require_POST
@role_required(USER_ADMINS)
def reset_two_factor(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    try:
        removed = do_reset_two_factor(request.user, user)
    except (smtplib.SMTPException, OSError) as error:
        messages.error(
            request,
            f"Two-factor sign-in was not reset: the email telling {user} could not be sent "
            f"({error}). Check Podium's email settings, then press the button again.",
        )
        return redirect("accounts-edit-user", pk=user.pk)
    if removed:
        messages.success(
            request,
            f"Two-factor sign-in is reset for {user}: they sign in with their password and "
            "then set up an authenticator app again.",
        )
    else:
        messages.info(request, f"{user} had no two-factor sign-in set up: nothing to reset.")
    return redirect("accounts-edit-user", pk=user.pk)


@require_POST
@role_required(USER_ADMINS)
def invite_user(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    _send_invitation(request, user, created=False)
    return redirect("accounts-edit-user", pk=user.pk)


@login_required
@reauthentication_for_writes
def list_tokens(request: SignedInRequest) -> HttpResponse:
    """The signed-in user's API tokens. A new token's secret is shown in this response only.

    Creating one asks to confirm it's you when the sign-in is more than a few minutes old; the
    name typed survives that detour (allauth replays the POST)."""
    form = TokenForm(request.POST or None)
    created: ApiToken | None = None
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = do_create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            form = TokenForm()
    response = render(
        request,
        "accounts/token_list.html",
        {
            "title": "API tokens",
            "form": form,
            "created": created,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke_token(request: SignedInRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    do_revoke_token(request.user, token)
    messages.success(
        request, f"Revoked '{token.name}'. Anything still using it is now refused by the API."
    )
    return redirect("accounts-list-tokens")
