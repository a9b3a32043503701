"""The Django admin, read-only: a place to look, never to change.

Every change in Podium goes through an action and the audit log; the admin would bypass both
(an authenticator deleted there left no trace and turned an executive's two-factor off). So
every model registered with it, by Podium or by a library, is shown without add, change or
delete, and without its secrets (tokens, OAuth client secrets, TOTP secrets). It is off in
production unless `PODIUM_DJANGO_ADMIN` turns it on (podium/urls.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models import Model
from django.http import HttpRequest

# Field and column names never shown: tokens, OAuth secrets, TOTP secrets and recovery codes
# (Authenticator.data), what a provider sent at sign-in (SocialAccount.extra_data), hashes.
SECRET_FIELDS = frozenset(
    {
        "data",
        "digest",
        "extra_data",
        "key",
        "password",
        "secret",
        "token",
        "token_secret",
        "truncated_token",
    }
)


def _shown(names: Any) -> list[Any]:
    return [name for name in names or () if name not in SECRET_FIELDS]


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Model]
else:
    _ModelAdmin = object  # a mixin: register() puts the real ModelAdmin after it


class ReadOnly(_ModelAdmin):
    """Mixed into every registered ModelAdmin by ReadOnlyAdminSite.register()."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}  # bulk actions (delete, "mark verified") are changes too

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        model_fields = {f.name for f in self.model._meta.get_fields()}
        excluded = list(super().get_exclude(request, obj) or ())
        return excluded + sorted(SECRET_FIELDS & model_fields)

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        return _shown(super().get_fields(request, obj))

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        fieldsets = super().get_fieldsets(request, obj)
        return [(name, {**opts, "fields": _shown(opts["fields"])}) for name, opts in fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        return _shown(super().get_readonly_fields(request, obj))

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return _shown(super().get_list_display(request))

    def get_search_fields(self, request: HttpRequest) -> list[Any]:
        return _shown(super().get_search_fields(request))


class ReadOnlyAdminSite(admin.AdminSite):
    site_header = "Podium (read-only)"
    site_title = "Podium admin (read-only)"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        read_only = type(base.__name__, (ReadOnly, base), {"__module__": base.__module__})
        super().register(model_or_iterable, read_only, **options)


class ReadOnlyAdminConfig(AdminConfig):
    default_site = "podium.accounts.admin_site.ReadOnlyAdminSite"
