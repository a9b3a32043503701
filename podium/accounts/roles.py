"""The four roles of Podium and what each may do.

Roles are coarse (what pages a person reaches); object rules (whose posts, which executive)
live in each app's `access_*` helpers.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    COMMS = "comms", "Communications manager"
    APPROVER = "approver", "Approver"
    EXECUTIVE = "executive", "Executive"


# Where each role lands after signing in.
HOME_URL_NAME = {
    Role.ADMIN: "accounts-admin-home",
    Role.COMMS: "org-program-home",
    Role.APPROVER: "governance-approver-home",
    Role.EXECUTIVE: "org-executive-home",
}

# Who may browse the audit log, manage people, manage users, see system status.
AUDIT_READERS = {Role.ADMIN, Role.COMMS, Role.APPROVER}
PEOPLE_EDITORS = {Role.ADMIN, Role.COMMS}
USER_ADMINS = {Role.ADMIN}
# Who writes posts and articles for executives.
COMPOSERS = frozenset({Role.ADMIN, Role.COMMS, Role.EXECUTIVE})
