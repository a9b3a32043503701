"""Demo step: a sign-in for every role, all with the one printed demo password.

Per unit of size: an administrator, a communications manager, an approver and an assistant
(an executive-role user acting for one executive through a Delegation), plus a sign-in for
each of the eight executives the organisation step made. Linking the executives to their
sign-ins and the assistants to whom they act for is org's (`podium.org.demo_signins`).
"""

from __future__ import annotations

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.lib.demo import BATCH, DemoContext, Login

LABEL = "users for every role"

STAFF_ROLES = (Role.ADMIN, Role.COMMS, Role.APPROVER)


def populate(ctx: DemoContext) -> None:
    staff: list[tuple[Role, str]] = []  # (role, name) of users who are not executives
    for role in STAFF_ROLES:
        staff += [(role, ctx.new_name()) for _ in range(ctx.size)]
    assistants = [ctx.new_name() for _ in range(ctx.size)]

    users = [_user(ctx, name, role, staff=role == Role.ADMIN) for role, name in staff]
    users += [_user(ctx, person.name, Role.EXECUTIVE) for person in ctx.people]
    users += [_user(ctx, name, Role.EXECUTIVE) for name in assistants]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    ctx.progress("users", len(users), len(users))

    n_staff, n_people = len(staff), len(ctx.people)
    by_role: dict[Role, list[User]] = {role: [] for role in Role}
    for user in users[:n_staff]:
        by_role[Role(user.role)].append(user)
    executives = users[n_staff : n_staff + n_people]
    by_role[Role.EXECUTIVE] = executives + users[n_staff + n_people :]
    ctx.users_by_role = by_role
    ctx.assistants = users[n_staff + n_people :]

    ctx.executive_users = executives
    _choose_logins(ctx, executives)


def _user(ctx: DemoContext, name: str, role: Role, *, staff: bool = False) -> User:
    return User(
        email=ctx.new_email(name),
        full_name=name,
        role=role,
        password=ctx.password_hash,
        is_staff=staff,  # the administrator may also open the Django admin
        is_superuser=staff,
        is_active=True,
    )


def _choose_logins(ctx: DemoContext, executives: list[User]) -> None:
    """The sign-ins worth printing: one per staff role, the leadership team, the assistant."""
    for role in STAFF_ROLES:
        user = ctx.users_by_role[role][0]
        ctx.logins.append(Login(role.label, user.full_name, user.email))
    for person, user in zip(ctx.people[:8], executives[:8], strict=True):
        ctx.logins.append(Login(f"Executive: {person.title}", user.full_name, user.email))
    assistant = ctx.assistants[0]
    ctx.logins.append(Login(f"Assistant to {ctx.ceo.name}", assistant.full_name, assistant.email))
