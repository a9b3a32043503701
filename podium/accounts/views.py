from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import role_required
from podium.accounts.roles import Role


def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands on their role's home page."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    return redirect(request.user.home_url_name)  # type: ignore[union-attr]


@role_required({Role.ADMIN})
def admin_home(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html", {"title": "Administration"})


list_users = create_user = admin_home


def edit_user(request: HttpRequest, pk: int) -> HttpResponse:
    return admin_home(request)


def list_tokens(request: HttpRequest) -> HttpResponse:
    return admin_home(request)


def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    return admin_home(request)
