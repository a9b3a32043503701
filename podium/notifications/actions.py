"""Telling people what needs them: in Podium (a `Nudge` row) and by email.

`notify()` is the one way to do it. It knows nothing of posts or articles: the app whose
event it is (publishing, blog, the outbox, cadence) words the message and names the page.

- the rows are written in the caller's transaction, so they exist exactly when the change
  does (rolled back together);
- emails go out only after the transaction commits (`transaction.on_commit`), so nobody is
  emailed about a change that was rolled back, and only to those who want them by email;
- `key` names what the notification is about ("revision:12", "publication:40"): a database
  constraint allows one row per (user, kind, key), and an email goes only with a row that did
  not exist yet, so notifying twice about one thing never tells anyone twice. An empty key
  (cadence reminders, which repeat weekly by design) is never deduplicated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from podium.notifications.models import Nudge

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.org.models import Person

Kind = Nudge.Kind


def absolute_url(path: str) -> str:
    """A Podium path as the address people click in an email (PODIUM_BASE_URL, never the
    request's host, which a worker does not have)."""
    return settings.PODIUM_BASE_URL.rstrip("/") + path


def display_name(user: User) -> str:
    """How a notification names someone: their full name, else their email."""
    return user.get_full_name() or user.email


def notify(
    users: Iterable[User | None],
    kind: str,
    key: str,
    message: str | Callable[[User], str],
    link: str,
    *,
    person: Person,
    subject: str,
    email: bool = True,
    at: dt.datetime | None = None,
) -> list[Nudge]:
    """Write one unread notification about `person` (the executive it concerns) for each
    active user who has none for (kind, key) yet, and email those who want notifications by
    email once the transaction commits (nobody when `email` is false: the demo's made-up
    drafts). `at` is when it happened (now unless a sweep says otherwise). Returns the new rows.

    `message` may be a function of the recipient, to say "your post" to its executive."""
    recipients: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active and user.pk not in recipients:
            recipients[user.pk] = user
    if not recipients:
        return []
    already: set[int] = set()
    if key:
        already = set(
            Nudge.objects.filter(user_id__in=recipients, kind=kind, key=key).values_list(
                "user_id", flat=True
            )
        )
    at = at or timezone.now()
    rows = [
        Nudge(
            person=person,
            user=user,
            kind=kind,
            key=key,
            message=message(user) if callable(message) else message,
            link=link,
            created_at=at,
        )
        for pk, user in recipients.items()
        if pk not in already
    ]
    if not rows:
        return []
    # A concurrent call may have inserted the same (user, kind, key) since the check above:
    # the constraint keeps one row and the conflict is ignored rather than failing the caller.
    Nudge.objects.bulk_create(rows, ignore_conflicts=True)
    body_end = f"\n\nOpen it in Podium: {absolute_url(link)}\n" if link else "\n"
    emails = tuple(
        (
            f"Podium: {subject}",
            f"Hello {display_name(row.user)},\n\n{row.message}{body_end}",
            None,
            [row.user.email],
        )
        for row in rows
        if row.user.email and row.user.notify_by_email and email
    )
    if emails:
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=True))
    return rows


def settle(user_id: int | None, *, kind: str, link: str, except_key: str = "") -> int:
    """Mark read a user's unread notifications of `kind` about the page `link`: they are
    answered or superseded (an approval given, a newer draft to approve instead)."""
    if user_id is None:
        return 0
    return (
        Nudge.objects.filter(user_id=user_id, kind=kind, link=link, read_at__isnull=True)
        .exclude(key=except_key)
        .update(read_at=timezone.now())
    )


def mark_read(user: User, pk: int) -> Nudge | None:
    """Mark one of the user's own notifications read; None when it is not theirs."""
    nudge = Nudge.objects.filter(pk=pk, user=user).first()
    if nudge is not None and nudge.read_at is None:
        nudge.read_at = timezone.now()
        nudge.save(update_fields=["read_at"])
    return nudge


def mark_all_read(user: User) -> int:
    return Nudge.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Nudge.objects.filter(user=user, read_at__isnull=True).count()
