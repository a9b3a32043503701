"""The navigation a signed-in user sees, by role (templates only render it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from podium.accounts.roles import COMPOSERS, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str  # a Tabler icon name
    roles: frozenset[Role]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ALL = frozenset(Role)
NAVIGATION = [
    NavItem("Home", "home", "home", ALL),
    NavItem("Program", "org-program-home", "layout-dashboard", frozenset({Role.ADMIN, Role.COMMS})),
    NavItem(
        "People", "org-list-people", "users", frozenset({Role.ADMIN, Role.COMMS, Role.APPROVER})
    ),
    NavItem(
        "Approvals",
        "governance-approver-home",
        "checklist",
        frozenset({Role.ADMIN, Role.APPROVER, Role.COMMS}),
    ),
    NavItem(
        "Audit log",
        "governance-list-audit",
        "history",
        frozenset({Role.ADMIN, Role.COMMS, Role.APPROVER}),
    ),
    NavItem("Compose", "publishing-compose", "pencil", COMPOSERS),
    NavItem("Posts", "publishing-list-posts", "list-details", COMPOSERS | {Role.APPROVER}),
    NavItem("Calendar", "publishing-calendar", "calendar", ALL),
    NavItem("Channels", "channels-list-accounts", "plug-connected", COMPOSERS),
    NavItem("Blog", "blog-list-articles", "article", COMPOSERS),
    NavItem("Comments", "blog-moderate", "message-circle", frozenset({Role.COMMS, Role.EXECUTIVE})),
    NavItem("Users", "accounts-list-users", "user-shield", frozenset({Role.ADMIN})),
    NavItem("Organisation", "org-edit-organisation", "building", frozenset({Role.ADMIN})),
    NavItem("System status", "system-status", "activity-heartbeat", frozenset({Role.ADMIN})),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "podium_version": settings.VERSION}
    items = [item for item in NAVIGATION if user.role in item.roles]  # type: ignore[union-attr]
    path = request.path
    return {
        "podium_version": settings.VERSION,
        "nav_items": [
            {
                "label": i.label,
                "url": i.url,
                "icon": i.icon,
                "active": path == i.url or (i.url != "/" and path.startswith(i.url)),
            }
            for i in items
        ],
    }
