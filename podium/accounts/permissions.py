"""Role checks for views, and the same check for links to them.

A view's roles are declared once, with `role_required`; `may_open` reads them back, so that a
page links a reader only to pages that let that reader in (navigation, buttons, menus). Object
checks (whose post, which executive) live in each app's `access_*` helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.urls import resolve, reverse

from podium.accounts.models import User
from podium.accounts.roles import Role


class SignedInRequest(HttpRequest):
    """The request of a view behind `role_required` or `login_required`: `user` is a `User`.

    Only an annotation (Django passes its own request): it tells mypy that the decorator has
    already sent the anonymous visitor to sign in, so views pass `request.user` on unchecked.
    """

    user: User


def role_required(roles: Iterable[Role]) -> Callable[[Callable[..., HttpResponseBase]], Any]:
    """Sign-in required; then 403 unless the user holds one of `roles`."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*allowed):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.podium_roles = allowed  # type: ignore[attr-defined]  # read by may_open
        return wrapped

    return decorator


def require_role(user: Any, roles: Iterable[Role]) -> None:
    """The same check for code that is not a view (API endpoints, actions)."""
    if not (user.is_authenticated and user.has_role(*roles)):
        raise PermissionDenied("Your role does not allow this.")


def may_open(user: Any, url_name: str, *args: Any) -> bool:
    """Whether `user` gets past the role check of the view behind `url_name` (with `args`).

    Views without `role_required` are open to everyone who reaches them (public pages, or pages
    that check objects themselves)."""
    roles = _roles_behind(url_name, args)
    if roles is None:
        return True
    return bool(user.is_authenticated and user.has_role(*roles))


_roles_by_name: dict[tuple[str, int], frozenset[Role] | None] = {}


def _roles_behind(url_name: str, args: tuple[Any, ...]) -> frozenset[Role] | None:
    """The roles of the view behind `url_name`, resolved once per name and number of arguments:
    a page asks for every link it shows (a calendar's week is a hundred), and resolving costs."""
    key = (url_name, len(args))
    if key not in _roles_by_name:
        view = resolve(reverse(url_name, args=args)).func
        _roles_by_name[key] = getattr(view, "podium_roles", None)
    return _roles_by_name[key]


@receiver(setting_changed)
def _forget_roles(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLs: resolve again, as Django does
        _roles_by_name.clear()
