"""Telling people what needs them: in Podium (a `Nudge` row) and by email.

Four events: a draft awaits an executive's approval (a post's revision, or an article), the
drafter's text was approved, and a publication failed. Each is one plain function, called
from the action that caused it, inside that action's transaction:

- the in-app rows are written in the caller's transaction, so they exist exactly when the
  change does (rolled back together);
- emails go out only after the transaction commits (`transaction.on_commit`), so nobody is
  emailed about a change that was rolled back;
- each notification has a key naming what it is about ("revision:12", "publication:40"):
  a database constraint allows one row per (user, kind, key), and an email goes only with a
  row that did not exist yet, so calling a function twice never notifies anyone twice.

`notify_publication_failed` is called by the outbox inside its own transaction: it runs a
handful of small queries, never raises on a duplicate (the insert ignores conflicts) and
sends nothing before commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.publishing.models import Nudge, Publication, Revision

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.blog.models import Article
    from podium.org.models import Person

Kind = Nudge.Kind
SNIPPET_LENGTH = 80


# --------------------------------------------------------------------------- small helpers


def first_line(text: str, length: int = SNIPPET_LENGTH) -> str:
    """The first non-empty line of a text, shortened with an ellipsis: how a draft is named."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def absolute_url(path: str) -> str:
    """A Podium path as the address people click in an email (PODIUM_BASE_URL, never the
    request's host, which a worker does not have)."""
    return settings.PODIUM_BASE_URL.rstrip("/") + path


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y%m%d%H%M%S%f}" if moment else "0"


def _people_acting_for(person: Person) -> list[User]:
    """The executive (when they have a sign-in) and everyone who acts for them."""
    users = [person.user] if person.user_id else []
    users += [d.user for d in person.delegations.select_related("user")]
    return users


def _notify(
    recipients: Iterable[User | None],
    *,
    person: Person,
    kind: str,
    key: str,
    message: str | Callable[[User], str],
    link: str,
    subject: str,
    email: bool = True,
) -> list[Nudge]:
    """Write one unread notification per recipient who has none for (kind, key) yet, and
    email those recipients who want notifications by email once the transaction commits
    (nobody when `email` is false: the demo's made-up drafts). Returns the new rows.

    `message` may be a function of the recipient, to say "your post" to its executive."""
    users: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in users:
            users[user.pk] = user
    if not users:
        return []
    already = set(
        Nudge.objects.filter(user_id__in=users, kind=kind, key=key).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    rows = [
        Nudge(
            person=person,
            user=user,
            kind=kind,
            key=key,
            message=message(user) if callable(message) else message,
            link=link,
            created_at=now,
        )
        for pk, user in users.items()
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
            f"Hello {_name(row.user)},\n\n{row.message}{body_end}",
            None,
            [row.user.email],
        )
        for row in rows
        if row.user.email and row.user.notify_by_email and email
    )
    if emails:
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=True))
    return rows


def _settle(user_id: int | None, *, kind: str, link: str, except_key: str = "") -> None:
    """Mark read a user's unread notifications of `kind` about the page `link` (they are
    answered or superseded: an approval given, a newer revision to approve instead)."""
    if user_id is None:
        return
    Nudge.objects.filter(user_id=user_id, kind=kind, link=link, read_at__isnull=True).exclude(
        key=except_key
    ).update(read_at=timezone.now())


# --------------------------------------------------------------------------- the four events


def post_review_path(post_id: int) -> str:
    return reverse("publishing-edit-post", args=[post_id])


def article_review_path(article_id: int) -> str:
    return reverse("blog-edit-article", args=[article_id])


def notify_awaiting_approval(revision: Revision, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that a post's revision drafted by someone else awaits their approval.

    Nobody is told about a text the executive wrote, one already approved, or when the
    executive has no sign-in (the held publications say so instead). In every case an older
    revision's unread notification is marked read: only the newest text can be approved.
    """
    revision = Revision.objects.select_related("post__person__user", "created_by").get(
        pk=revision.pk
    )
    person = revision.post.person
    link = post_review_path(revision.post_id)
    key = f"revision:{revision.pk}"
    # Whatever this revision is, an older one can no longer be approved.
    _settle(person.user_id, kind=Kind.AWAITING_APPROVAL, link=link, except_key=key)
    if not revision.needs_executive_approval or person.user_id is None:
        return []
    drafter = _name(revision.created_by)
    return _notify(
        [person.user],
        person=person,
        kind=Kind.AWAITING_APPROVAL,
        key=key,
        link=link,
        message=f"{drafter} drafted a post for you to approve: “{first_line(revision.text)}”",
        subject=f"{drafter} drafted a post for you to approve",
        email=email,
    )


def notify_article_awaiting_approval(article: Article, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that an article's text drafted by someone else awaits approval.

    Each new text is a new notification (its key carries the time of the edit); the unread one
    about an earlier text of the same article is marked read.
    """
    from podium.blog.models import Article

    article = Article.objects.select_related("person__user", "edited_by").get(pk=article.pk)
    person = article.person
    link = article_review_path(article.pk)
    key = f"article:{article.pk}@{_stamp(article.updated_at)}"
    _settle(person.user_id, kind=Kind.AWAITING_APPROVAL, link=link, except_key=key)
    if not article.needs_approval or person.user_id is None:
        return []
    drafter = _name(article.edited_by) if article.edited_by else "Someone"
    return _notify(
        [person.user],
        person=person,
        kind=Kind.AWAITING_APPROVAL,
        key=key,
        link=link,
        message=f"{drafter} drafted an article for you to approve: “{first_line(article.title)}”",
        subject=f"{drafter} drafted an article for you to approve",
        email=email,
    )


def notify_approved(revision_or_article: Revision | Article, approver: User) -> list[Nudge]:
    """Tell whoever drafted the text that the executive approved it, and clear the
    executive's own "awaiting your approval" notification about it."""
    from podium.blog.models import Article

    if isinstance(revision_or_article, Revision):
        revision = Revision.objects.select_related("post__person", "created_by").get(
            pk=revision_or_article.pk
        )
        person, drafter = revision.post.person, revision.created_by
        review = post_review_path(revision.post_id)
        link = reverse("publishing-show-post", args=[revision.post_id])
        key = f"revision:{revision.pk}"
        what, after = "your post", "it may now be published"
        name = first_line(revision.text)
    else:
        article = Article.objects.select_related("person", "edited_by").get(
            pk=revision_or_article.pk
        )
        person, drafter = article.person, article.edited_by
        review = link = article_review_path(article.pk)
        key = f"article:{article.pk}@{_stamp(article.approved_at)}"
        what, after = "your article", "you can publish it now"
        name = first_line(article.title)
    _settle(approver.pk, kind=Kind.AWAITING_APPROVAL, link=review)
    if drafter is None or drafter.pk == approver.pk:
        return []
    return _notify(
        [drafter],
        person=person,
        kind=Kind.APPROVED,
        key=key,
        link=link,
        message=f"{_name(approver)} approved {what}, {after}: “{name}”",
        subject=f"{_name(approver)} approved {what}",
    )


def notify_publication_failed(publication: Publication) -> list[Nudge]:
    """Tell the executive, whoever acts for them and the post's writer that a publication
    failed, with the network's reason; the link opens the post's status page (Retry).

    Safe inside the outbox's transaction: a few small queries, an insert that ignores a
    duplicate, and email only after commit. One notification per failure, however often it
    is called; failing again after a Retry is a new failure.
    """
    publication = Publication.objects.select_related(
        "post__person__user", "post__created_by", "variant", "channel_account"
    ).get(pk=publication.pk)
    post, person = publication.post, publication.post.person
    network = publication.variant.get_network_display()
    handle = publication.channel_account.handle
    reason = publication.last_error.strip() or "The network gave no reason"
    if not reason.endswith((".", "!", "?")):
        reason += "."
    text = first_line(publication.variant.text)

    def whose(user: User) -> str:
        return "Your" if user.pk == person.user_id else f"{person.name}'s"

    return _notify(
        [*_people_acting_for(person), post.created_by],
        person=person,
        kind=Kind.PUBLICATION_FAILED,
        # One notification per failure: the same failure reported twice is told once, a
        # failure after a Retry is told again (the row's updated_at marks the failure).
        key=f"publication:{publication.pk}:{publication.updated_at.timestamp():.6f}",
        link=reverse("publishing-show-post", args=[post.pk]),
        message=lambda user: (
            f"{whose(user)} post could not be published to {network} ({handle}). {reason} "
            f"Open the post to retry it: “{text}”"
        ),
        subject=f"{person.name}'s post failed on {network}",
    )


# --------------------------------------------------------------------------- reading


def unread_count(user: User) -> int:
    return Nudge.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, pk: int) -> Nudge | None:
    """Mark one of the user's own notifications read; None when it is not theirs."""
    nudge = Nudge.objects.filter(pk=pk, user=user).first()
    if nudge is not None and nudge.read_at is None:
        nudge.read_at = timezone.now()
        nudge.save(update_fields=["read_at"])
    return nudge


def mark_all_read(user: User) -> int:
    return Nudge.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
