"""Running the demo: every app's step (`populate(ctx)`, see `podium.lib.demo`) in order, in one
transaction with one audit entry; emptying an installation; the sign-ins to print. Here in
system, the top of the dependency order, because it imports every app's demo step."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import time

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.governance import audit
from podium.governance.models import AuditEntry
from podium.lib.demo import DEFAULT_SEED, DEMO_PASSWORD, DemoContext, Login, Reporter, silent
from podium.org.models import Organisation, Person

# In order: each step may use what the steps before it made.
STEPS: tuple[str, ...] = (
    "podium.org.demo",
    "podium.accounts.demo",
    "podium.org.demo_signins",
    "podium.channels.demo",
    "podium.blog.demo",
    "podium.ideas.demo",
    "podium.publishing.demo",
    "podium.planning.demo",
    "podium.policy.demo",
    "podium.advocates.demo",
    "podium.governance.demo",
    "podium.links.demo",
)


def has_data() -> str:
    """What already exists that a demo would collide with, as a phrase; '' when empty."""
    org = Organisation.objects.order_by("pk").first()
    if org is not None:
        return f'the organisation "{org.name}"'
    if Person.objects.exists():
        return f"{Person.objects.count()} people"
    if User.objects.exists():
        return f"{User.objects.count()} users"
    return ""


def reset_data() -> None:
    """Empty every Podium table, audit log included: Django's `flush`.

    PostgreSQL empties with TRUNCATE, which fires no row triggers, so the audit log's
    append-only trigger (it refuses UPDATE and DELETE of single rows) does not stop it.
    TRUNCATE also refuses while foreign-key checks of earlier writes in the same transaction
    are still deferred, so those checks run first.
    """
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys' default


def run_demo(
    *,
    seed: int = DEFAULT_SEED,
    size: int = 1,
    now: dt.datetime | None = None,
    report: Reporter = silent,
    steps: tuple[str, ...] = STEPS,
) -> DemoContext:
    """Run every step in one transaction (all or nothing) and record one audit entry."""
    if size < 1:
        raise ValueError(f"--size {size}: use 1 or more (1 is the evaluation demo)")
    ctx = DemoContext(seed=seed, size=size, now=now or timezone.now(), report=report)
    with transaction.atomic():
        for path in steps:
            module = importlib.import_module(path)
            ctx.rng = random.Random(f"{seed}:{path}")
            label = getattr(module, "LABEL", path)
            report(f"  {label}…")
            started = time.monotonic()
            module.populate(ctx)
            report(f"  {label}: done in {time.monotonic() - started:.1f} s")
        audit.record(
            actor=None,
            action="demo.created",
            target=ctx.organisation,
            after={
                "seed": seed,
                "size": size,
                "people": len(ctx.people),
                "users": sum(len(users) for users in ctx.users_by_role.values()),
                "logins": [[login.role, login.name, login.email] for login in ctx.logins],
            },
            via="cli",
        )
    return ctx


def recorded_logins() -> list[Login]:
    """The logins of the last demo run whose users still exist and are active."""
    entry = AuditEntry.objects.filter(action="demo.created").order_by("-at", "-pk").first()
    if entry is None or not entry.after:
        return []
    logins = [Login(*row) for row in entry.after.get("logins", [])]
    active = set(
        User.objects.filter(email__in=[x.email for x in logins], is_active=True).values_list(
            "email", flat=True
        )
    )
    return [login for login in logins if login.email in active]


def format_logins(logins: list[Login], *, more: int = 0) -> str:
    """A plain-text table of sign-ins (role, name, email, password) for a terminal."""
    rows = [("Role", "Name", "Email", "Password")]
    rows += [(x.role, x.name, x.email, DEMO_PASSWORD) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    out = [line(rows[0]).rstrip(), rule, *(line(row).rstrip() for row in rows[1:])]
    if more:
        out.append(f"… and {more:,} more demo users with the same password.")
    return "\n".join(out)
