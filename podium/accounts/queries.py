"""Reads for the account pages: users with their two-factor status, the admin overview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from allauth.mfa.models import Authenticator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.governance.models import AuditEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# How the account pages name audit actions about users (the audit log shows the raw name).
ACCOUNT_ACTIONS = {
    "user.signed_in": ("signed in", "login-2", "green"),
    "user.sign_in_failed": ("failed to sign in", "alert-triangle", "red"),
    "user.two_factor_failed": ("entered a wrong two-factor code", "alert-triangle", "red"),
    "user.two_factor_added": ("turned on two-factor sign-in", "shield-check", "green"),
    "user.two_factor_removed": ("turned off two-factor sign-in", "shield-off", "yellow"),
    "user.two_factor_replaced": ("replaced the authenticator app", "replace", "blue"),
    "user.two_factor_reset": ("reset two-factor sign-in", "shield-x", "yellow"),
    "user.recovery_codes_regenerated": ("generated new recovery codes", "lifebuoy", "blue"),
    "user.password_changed": ("changed the password", "key", "blue"),
    "user.password_set": ("set a password", "key", "blue"),
    "user.password_reset": ("reset the password by email", "key", "yellow"),
    "user.created": ("created the account", "user-plus", "blue"),
    "user.updated": ("updated the account", "user-edit", "blue"),
    "user.invited": ("sent an invitation", "mail-forward", "blue"),
}


# Recovery codes come and go with the authenticator app; they read differently.
RECOVERY_CODES_LABELS = {
    "user.two_factor_added": "received recovery codes",
    "user.two_factor_removed": "lost their recovery codes",
}


class TwoFactor(TypedDict):
    has_two_factor: bool


def with_two_factor(users: QuerySet[User]) -> QuerySet[WithAnnotations[User, TwoFactor]]:
    """Users annotated with `has_two_factor`: an authenticator app is set up."""
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return users.annotate(has_two_factor=Exists(totp))


def filter_users(
    users: QuerySet[WithAnnotations[User, TwoFactor]],
    *,
    q: str = "",
    role: str = "",
    status: str = "",
) -> QuerySet[WithAnnotations[User, TwoFactor]]:
    """The user list's search and filters; unknown filter values are ignored."""
    if q:
        users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if role in Role.values:
        users = users.filter(role=role)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    elif status == "no-2fa":
        users = users.filter(is_active=True, has_two_factor=False)
    return users


def account_events(entries: QuerySet[AuditEntry]) -> list[dict[str, Any]]:
    """Audit entries about users as short sentences: who did what (to whom, if not themselves)."""
    events = []
    for entry in entries:
        label, icon, colour = ACCOUNT_ACTIONS.get(
            entry.action, (entry.action, "point", "secondary")
        )
        if (entry.after or {}).get("authenticator") == "recovery codes":
            label = RECOVERY_CODES_LABELS.get(entry.action, label)
        by_target = entry.actor_id is None or str(entry.actor_id) == entry.target_id
        events.append(
            {
                "entry": entry,
                "who": entry.target_label if by_target else entry.actor_label,
                "what": label,
                "whom": "" if by_target else entry.target_label,
                "icon": icon,
                "colour": colour,
            }
        )
    return events


def overview() -> dict[str, Any]:
    """What the administrator's home shows, in a fixed number of queries."""
    active = with_two_factor(User.objects.filter(is_active=True))
    counts = dict(active.values_list("role").annotate(n=Count("pk")).order_by())
    totals = active.aggregate(
        users=Count("pk"),
        enrolled=Count("pk", filter=Q(has_two_factor=True)),
    )
    missing = list(
        active.filter(has_two_factor=False).order_by("-require_two_factor", "role", "full_name")[:8]
    )
    recent = AuditEntry.objects.filter(action__in=ACCOUNT_ACTIONS)[:10]
    return {
        "roles": [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Role.choices
        ],
        "total_users": totals["users"],
        "enrolled": totals["enrolled"],
        "not_enrolled": totals["users"] - totals["enrolled"],
        "missing_two_factor": missing,
        "missing_more": max(0, totals["users"] - totals["enrolled"] - len(missing)),
        "inactive_users": User.objects.filter(is_active=False).count(),
        "recent_events": account_events(recent),
    }
