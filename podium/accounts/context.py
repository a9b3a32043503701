"""The navigation a signed-in user sees: the pages whose views let that user in.

No roles are listed here: each item is shown when `may_open` says the page's own role check
passes, so the menu and the pages cannot disagree (templates only render it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from podium.accounts.permissions import may_open


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str  # a Tabler icon name

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavItem("Home", "home", "home"),
    NavItem("Program", "org-program-home", "layout-dashboard"),
    NavItem("People", "org-list-people", "users"),
    NavItem("Objectives", "governance-list-objectives", "target-arrow"),
    NavItem("Approvals", "governance-approver-home", "checklist"),
    NavItem("Policy", "policy-list-rules", "shield-check"),
    NavItem("Roster", "policy-list-roster", "id-badge"),
    NavItem("Audit log", "governance-list-audit", "history"),
    NavItem("Compose", "publishing-compose", "pencil"),
    NavItem("Posts", "publishing-list-posts", "list-details"),
    NavItem("Calendar", "publishing-calendar", "calendar"),
    NavItem("Channels", "channels-list-accounts", "plug-connected"),
    NavItem("Blog", "blog-list-articles", "article"),
    NavItem("Comments", "blog-moderate", "message-circle"),
    NavItem("Advocates", "advocates-list-advocates", "heart-handshake"),
    NavItem("Links", "links-list-links", "link"),
    NavItem("Ideas", "ideas-manage-ideas", "bulb"),
    NavItem("Users", "accounts-list-users", "user-shield"),
    NavItem("Organisation", "org-edit-organisation", "building"),
    NavItem("System status", "system-status", "activity-heartbeat"),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "podium_version": settings.VERSION}
    items = [item for item in NAVIGATION if may_open(user, item.url_name)]
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
