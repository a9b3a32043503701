"""Every change to ideas, each audited in the same transaction (governance.audit.record).

The public acts through an `Identity` (verified by a one-time email link); staff act as
Podium users. A refusal is a ValidationError (or PermissionDenied) whose sentence says what
to do; a rate limit is a RateLimitError with how long to wait.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from disposable_email_domains import blocklist
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.blog import markdown
from podium.governance import audit
from podium.ideas.access import STAFF_ROLES
from podium.ideas.models import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    TITLE_MAX,
    Board,
    Category,
    Comment,
    Follow,
    Idea,
    Identity,
    Moderation,
    SignInLink,
    Status,
    StatusChange,
    Vote,
)
from podium.org.access import can_edit_person
from podium.org.models import Organisation, Person

LINK_LIFETIME = dt.timedelta(minutes=30)
# (limit, window in seconds) per kind and per who: an identity, an address (IP) or an email.
LIMITS: dict[str, tuple[int, int]] = {
    "link-ip": (10, 60 * 60),
    "link-email": (3, 15 * 60),
    "idea": (5, 60 * 60),
    "vote": (60, 10 * 60),
    "vote-ip": (300, 10 * 60),
    "comment": (5, 10 * 60),
}


class RateLimitError(Exception):
    """Too many of one thing in a short time; `retry_after` in seconds."""

    def __init__(self, what: str, retry_after: int) -> None:
        minutes = max(1, retry_after // 60)
        super().__init__(f"You have sent several {what} in a short time: wait {minutes} minutes.")
        self.retry_after = retry_after


def check_rate(kind: str, who: object, what: str) -> None:
    """Count one `kind` for `who`; RateLimitError past the limit."""
    limit, window = LIMITS[kind]
    key = f"podium:ideas:{kind}:{who}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise RateLimitError(what, window)


# --- identity -------------------------------------------------------------------------------


def check_email(email: str) -> str:
    """The address, lower-cased, or a ValidationError naming the field and the fix."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter your email address, such as name@example.com."}
        ) from None
    domain = email.rsplit("@", 1)[1]
    parts = domain.split(".")
    if any(".".join(parts[i:]) in blocklist for i in range(len(parts) - 1)):
        raise ValidationError(
            {"email": f"{domain} gives out throwaway addresses: use an address you keep."}
        )
    return email


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_url(token: str) -> str:
    path = reverse("ideas-use-sign-in-link", args=[token])
    return settings.PODIUM_BASE_URL.rstrip("/") + path


@transaction.atomic
def do_request_sign_in(
    email: str, display_name: str, *, ip_address: str | None, next_url: str = ""
) -> SignInLink:
    """Email a one-time sign-in link (valid LINK_LIFETIME). A new address becomes an
    identity, unverified until its link is used."""
    email = check_email(email)
    name = " ".join((display_name or "").split())
    if len(name) > NAME_MAX:
        raise ValidationError({"display_name": f"Keep your name to {NAME_MAX} characters."})
    check_rate("link-ip", ip_address or "unknown", "sign-in links")
    check_rate("link-email", email, "sign-in links to this address")
    identity = Identity.objects.filter(email=email).first()
    if identity is None:
        if not name:
            raise ValidationError({"display_name": "Enter the name to show beside your ideas."})
        identity = Identity.objects.create(email=email, display_name=name)
        audit.record(
            actor=None,
            action="ideas.identity.created",
            target=identity,
            after={"verified": False},
            ip_address=ip_address,
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = SignInLink.objects.create(
        identity=identity,
        digest=_digest(token),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
        ip_address=ip_address,
    )
    audit.record(actor=None, action="ideas.link.sent", target=identity, ip_address=ip_address)
    org = Organisation.objects.order_by("pk").first()
    org_name = org.name if org else "Podium"
    url = sign_in_url(token) + (f"?next={next_url}" if next_url.startswith("/ideas/") else "")
    message = (
        f"Hello {identity.display_name},\n\n"
        f"Open this link to sign in to {org_name}'s ideas (it works once, for "
        f"{LINK_LIFETIME.seconds // 60} minutes):\n\n{url}\n\n"
        "If you did not ask for it, ignore this email: nothing happens without the link."
    )
    transaction.on_commit(
        lambda: send_mail(
            f"Your sign-in link for {org_name} ideas",
            message,
            settings.DEFAULT_FROM_EMAIL,
            [identity.email],
        )
    )
    return link


@transaction.atomic
def do_use_sign_in_link(token: str, *, ip_address: str | None = None) -> Identity:
    """The identity a link signs in (its address now verified). Once only, before it expires."""
    link = SignInLink.objects.filter(digest=_digest(token or "")).select_related("identity").first()
    now = timezone.now()
    if link is None:
        raise ValidationError("This sign-in link is not one we sent: ask for a new one below.")
    if link.used_at is not None:
        raise ValidationError("This sign-in link was already used: ask for a new one below.")
    if link.expires_at <= now:
        raise ValidationError("This sign-in link has expired: ask for a new one below.")
    # Conditional, so that two uses at once sign in only one.
    if not SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        raise ValidationError("This sign-in link was already used: ask for a new one below.")
    identity = link.identity
    if identity.verified_at is None:
        identity.verified_at = now
        identity.save(update_fields=["verified_at"])
    audit.record(
        actor=None,
        action="ideas.identity.signed_in",
        target=identity,
        after={"verified": True},
        ip_address=ip_address,
    )
    return identity


@transaction.atomic
def do_sign_out_everywhere(identity: Identity) -> None:
    identity.session_version += 1
    identity.save(update_fields=["session_version"])
    audit.record(actor=None, action="ideas.identity.signed_out", target=identity)


@transaction.atomic
def do_delete_identity(identity: Identity, *, ip_address: str | None = None) -> None:
    """The person's data gone: their votes, comments and sign-in links; the ideas they
    submitted stay, without their name (others voted and commented on them)."""
    voted = list(identity.votes.values_list("idea_id", flat=True))
    commented = list(identity.comments.values_list("idea_id", flat=True))
    audit.record(
        actor=None,
        action="ideas.identity.deleted",
        target=identity,
        target_label="a member of the public",
        after={"votes": len(voted), "comments": len(commented)},
        ip_address=ip_address,
    )
    identity.delete()
    for idea in Idea.objects.filter(pk__in=set(voted) | set(commented)):
        recount(idea)


def _check_verified(identity: Identity | None) -> Identity:
    if identity is None:
        raise PermissionDenied("Sign in with your email address first.")
    if not identity.is_verified:
        raise PermissionDenied("Open the link we emailed you first: it confirms your address.")
    return identity


# --- ideas ----------------------------------------------------------------------------------


def recount(idea: Idea) -> None:
    """The idea's counts from the database's rows (in the caller's transaction). The idea's
    row is locked first, so that of two votes at once the later recount sees both."""
    Idea.objects.select_for_update().filter(pk=idea.pk).values_list("pk").first()
    idea.vote_count = idea.votes.count()
    idea.comment_count = idea.comments.filter(
        Q(kind__in=[Comment.Kind.PUBLIC, Comment.Kind.STAFF])
        | Q(kind=Comment.Kind.OFFICIAL, approved_at__isnull=False),
        hidden=False,
    ).count()
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=idea.vote_count, comment_count=idea.comment_count
    )


def _text(value: Any, field: str, label: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: f"Write the {label}."})
    if len(text) > limit:
        raise ValidationError(
            {field: f"The {label} has {len(text)} characters: shorten it to {limit}."}
        )
    return text


@transaction.atomic
def do_submit_idea(
    identity: Identity | None,
    data: Mapping[str, Any],
    *,
    ip_address: str | None = None,
    now: dt.datetime | None = None,
    staff: bool = False,
) -> Idea:
    """A new idea, with its author's vote. On a pre-moderated board it waits for comms.
    `staff`: the author is also signed in to Podium, so the staff-only boards take it."""
    identity = _check_verified(identity)
    title = _text(data.get("title"), "title", "title", TITLE_MAX, required=True)
    description = _text(
        data.get("description"), "description", "description", DESCRIPTION_MAX, required=False
    )
    board = data.get("board")
    if not isinstance(board, Board) or not (board.is_public or staff):
        raise ValidationError({"board": "Choose one of the boards listed."})
    category = data.get("category")
    if category is not None and not isinstance(category, Category):
        raise ValidationError({"category": "Choose one of the categories listed."})
    check_rate("idea", identity.pk, "ideas")
    now = now or timezone.now()
    idea = Idea.objects.create(
        board=board,
        category=category,
        title=title,
        description=description,
        description_html=markdown.render(description),
        author=identity,
        moderation=Moderation.PENDING if board.premoderated else Moderation.APPROVED,
        created_at=now,
    )
    Vote.objects.create(idea=idea, identity=identity, created_at=now)
    Follow.objects.create(idea=idea, identity=identity, created_at=now)
    recount(idea)
    audit.record(
        actor=None,
        action="ideas.idea.submitted",
        target=idea,
        after=audit.snapshot(idea, ("board", "category", "title", "moderation")),
        ip_address=ip_address,
    )
    return idea


def _check_open(idea: Idea, doing: str) -> None:
    if idea.merged_into_id is not None:
        raise ValidationError(
            f"This idea was merged into “{idea.merged_into}”: {doing} there instead."
        )
    if not idea.is_visible:
        raise ValidationError(f"This idea is waiting for moderation: {doing} once it shows.")


def do_vote(identity: Identity | None, idea: Idea, *, ip_address: str | None = None) -> bool:
    """Vote for the idea; False when this identity had already voted (it still counts once)."""
    identity = _check_verified(identity)
    _check_open(idea, "vote")
    check_rate("vote", identity.pk, "votes")
    check_rate("vote-ip", ip_address or "unknown", "votes from this address")
    try:
        with transaction.atomic():
            Vote.objects.create(idea=idea, identity=identity, created_at=timezone.now())
            recount(idea)
            audit.record(actor=None, action="ideas.vote.added", target=idea, ip_address=ip_address)
    except IntegrityError:  # the unique constraint: one vote per identity per idea
        return False
    return True


@transaction.atomic
def do_unvote(identity: Identity | None, idea: Idea, *, ip_address: str | None = None) -> bool:
    identity = _check_verified(identity)
    deleted, _ = Vote.objects.filter(idea=idea, identity=identity).delete()
    if deleted:
        recount(idea)
        audit.record(actor=None, action="ideas.vote.removed", target=idea, ip_address=ip_address)
    return bool(deleted)


@transaction.atomic
def do_comment(
    identity: Identity | None, idea: Idea, body: str, *, ip_address: str | None = None
) -> Comment:
    identity = _check_verified(identity)
    _check_open(idea, "comment")
    if not idea.takes_comments:
        raise ValidationError(
            f"This idea is {idea.get_status_display().lower()}: comments are closed."
        )
    text = _text(body, "body", "comment", COMMENT_MAX, required=True)
    check_rate("comment", identity.pk, "comments")
    comment = Comment.objects.create(
        idea=idea,
        identity=identity,
        body=text,
        body_html=markdown.render(text),
        created_at=timezone.now(),
    )
    recount(idea)
    audit.record(
        actor=None,
        action="ideas.comment.posted",
        target=comment,
        after={"idea": idea.pk},
        ip_address=ip_address,
    )
    return comment


# --- following ------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "podium.ideas.unsubscribe"


def unsubscribe_url(follow: Follow) -> str:
    token = signing.dumps({"follow": follow.pk}, salt=UNSUBSCRIBE_SALT)
    path = reverse("ideas-unsubscribe", args=[token])
    return settings.PODIUM_BASE_URL.rstrip("/") + path


def follow_of_token(token: str) -> Follow | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("follow") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return Follow.objects.filter(pk=pk).select_related("idea", "identity").first()


@transaction.atomic
def do_follow(identity: Identity | None, idea: Idea) -> bool:
    identity = _check_verified(identity)
    _check_open(idea, "follow it")
    _, made = Follow.objects.get_or_create(
        idea=idea, identity=identity, defaults={"created_at": timezone.now()}
    )
    if made:
        audit.record(actor=None, action="ideas.follow.added", target=idea)
    return made


@transaction.atomic
def do_unfollow(follow: Follow) -> None:
    """Stop following (from the idea's page, or the email's one-click link)."""
    idea = follow.idea
    follow.delete()
    audit.record(actor=None, action="ideas.follow.removed", target=idea)


def tell_followers(idea: Idea, subject: str, text: str) -> None:
    """Email each follower once the transaction commits, each with their own unsubscribe link."""
    org = Organisation.objects.order_by("pk").first()
    org_name = org.name if org else "Podium"
    letters = [
        (
            follow.identity.email,
            f"Hello {follow.identity.display_name},\n\n{text}\n\n{idea.public_url()}\n\n"
            f"You follow this idea on {org_name}'s ideas. To stop these emails, open "
            f"{unsubscribe_url(follow)}",
        )
        for follow in idea.follows.select_related("identity")
    ]

    def send() -> None:
        for email, body in letters:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])

    if letters:
        transaction.on_commit(send)


# --- staff ----------------------------------------------------------------------------------


def _check_staff(actor: User) -> None:
    if not (actor.is_active and actor.has_role(*STAFF_ROLES)):
        raise PermissionDenied("Only communications managers and administrators triage ideas.")


@transaction.atomic
def do_change_status(
    actor: User, idea: Idea, status: str, message: str = "", *, via: str = "web"
) -> StatusChange:
    _check_staff(actor)
    if status not in Status.values or status == Status.DUPLICATE:
        raise ValidationError(
            {"status": "Choose a status from the list (a duplicate is merged instead)."}
        )
    if idea.merged_into_id is not None:
        raise ValidationError("This idea is merged into another: unmerge it first.")
    if status == idea.status:
        raise ValidationError({"status": f"The idea is already {idea.get_status_display()}."})
    message = _text(message, "message", "message", COMMENT_MAX, required=status == Status.DECLINED)
    now = timezone.now()
    change = StatusChange.objects.create(
        idea=idea,
        old_status=idea.status,
        new_status=status,
        message=message,
        changed_by=actor,
        created_at=now,
    )
    before = {"status": idea.status}
    idea.status, idea.status_changed_at = status, now
    idea.save(update_fields=["status", "status_changed_at"])
    audit.record(
        actor=actor,
        action="ideas.idea.status_changed",
        target=idea,
        before=before,
        after={"status": status, "message": message},
        via=via,
    )
    tell_followers(
        idea,
        f"“{idea.title}” is now {idea.get_status_display().lower()}",
        f"The idea you follow, “{idea.title}”, is now {idea.get_status_display().lower()}."
        + (f"\n\n{message}" if message else ""),
    )
    return change


@transaction.atomic
def do_merge(actor: User, idea: Idea, into: Idea, *, via: str = "web") -> int:
    """Merge a duplicate into another idea: its voters' votes are carried over (a person who
    voted for both counts once); its page redirects there. Returns the votes carried."""
    _check_staff(actor)
    if into.pk == idea.pk:
        raise ValidationError({"into": "An idea cannot be merged into itself: choose another."})
    if idea.merged_into_id is not None:
        raise ValidationError(f"This idea is already merged into “{idea.merged_into}”.")
    if into.merged_into_id is not None:
        raise ValidationError(
            {"into": f"“{into}” is itself merged into another idea: merge into that one."}
        )
    voters = Vote.objects.filter(idea=idea).exclude(
        identity__in=Vote.objects.filter(idea=into).values("identity")
    )
    carried = Vote.objects.bulk_create(
        [
            Vote(idea=into, identity_id=v.identity_id, created_at=v.created_at, via_merge=idea)
            for v in voters
        ]
    )
    now = timezone.now()
    StatusChange.objects.create(
        idea=idea,
        old_status=idea.status,
        new_status=Status.DUPLICATE,
        message=f"Merged into “{into.title}”.",
        changed_by=actor,
        created_at=now,
    )
    before = {"status": idea.status, "merged_into": None}
    idea.status, idea.merged_into, idea.status_changed_at = Status.DUPLICATE, into, now
    idea.save(update_fields=["status", "merged_into", "status_changed_at"])
    recount(into)
    audit.record(
        actor=actor,
        action="ideas.idea.merged",
        target=idea,
        before=before,
        after={"status": Status.DUPLICATE, "merged_into": into.pk, "votes_carried": len(carried)},
        via=via,
    )
    return len(carried)


@transaction.atomic
def do_unmerge(actor: User, idea: Idea, *, via: str = "web") -> None:
    """Undo a merge: the carried votes leave the other idea, this one is under review again."""
    _check_staff(actor)
    into = idea.merged_into
    if into is None:
        raise ValidationError("This idea is not merged into another.")
    Vote.objects.filter(idea=into, via_merge=idea).delete()
    now = timezone.now()
    StatusChange.objects.create(
        idea=idea,
        old_status=Status.DUPLICATE,
        new_status=Status.UNDER_REVIEW,
        message=f"No longer merged into “{into.title}”.",
        changed_by=actor,
        created_at=now,
    )
    idea.status, idea.merged_into, idea.status_changed_at = Status.UNDER_REVIEW, None, now
    idea.save(update_fields=["status", "merged_into", "status_changed_at"])
    recount(into)
    audit.record(
        actor=actor,
        action="ideas.idea.unmerged",
        target=idea,
        before={"merged_into": into.pk},
        after={"status": Status.UNDER_REVIEW, "merged_into": None},
        via=via,
    )


MODERATION_DECISIONS = (Moderation.APPROVED, Moderation.REJECTED, Moderation.SPAM)


@transaction.atomic
def do_moderate_idea(actor: User, idea: Idea, decision: str, *, via: str = "web") -> Idea:
    _check_staff(actor)
    if decision not in MODERATION_DECISIONS:
        raise ValidationError({"decision": "Choose approve, reject or spam."})
    before = {"moderation": idea.moderation}
    idea.moderation = decision
    idea.save(update_fields=["moderation"])
    audit.record(
        actor=actor,
        action=f"ideas.idea.{decision}",
        target=idea,
        before=before,
        after={"moderation": decision},
        via=via,
    )
    return idea


@transaction.atomic
def do_staff_comment(
    actor: User, idea: Idea, body: str, *, internal: bool, via: str = "web"
) -> Comment:
    """A staff comment (public, marked as staff) or an internal note only staff see."""
    from podium.ideas.access import ANSWER_ROLES

    if not (actor.is_active and actor.has_role(*ANSWER_ROLES)):
        raise PermissionDenied("Your role does not write on ideas.")
    text = _text(body, "body", "note" if internal else "comment", COMMENT_MAX, required=True)
    comment = Comment.objects.create(
        idea=idea,
        kind=Comment.Kind.NOTE if internal else Comment.Kind.STAFF,
        written_by=actor,
        body=text,
        body_html=markdown.render(text),
        created_at=timezone.now(),
    )
    recount(idea)
    audit.record(
        actor=actor,
        action="ideas.note.written" if internal else "ideas.comment.staff",
        target=comment,
        after={"idea": idea.pk},
        via=via,
    )
    return comment


def _answered(idea: Idea, at: dt.datetime, answer: Comment) -> None:
    if idea.answered_at is None:
        idea.answered_at = at
        idea.save(update_fields=["answered_at"])
    person = answer.person
    signed = f"{person.name}, {person.title}" if person else ""
    tell_followers(
        idea,
        f"An official answer to “{idea.title}”",
        f"{signed} answered the idea you follow, “{idea.title}”:\n\n{answer.body}",
    )


@transaction.atomic
def do_official_answer(
    actor: User, idea: Idea, person: Person, body: str, *, via: str = "web"
) -> Comment:
    """An official answer in the executive's name. Written by the executive it shows at once;
    written for them, it shows once they approve this exact text."""
    if not person.is_active or person.user_id is None:
        raise ValidationError({"person": "Choose an executive who signs in to Podium."})
    if not can_edit_person(actor, person):
        raise PermissionDenied(f"You may not write for {person.name}.")
    text = _text(body, "body", "answer", COMMENT_MAX, required=True)
    now = timezone.now()
    by_executive = person.user_id == actor.pk
    comment = Comment.objects.create(
        idea=idea,
        kind=Comment.Kind.OFFICIAL,
        written_by=actor,
        person=person,
        body=text,
        body_html=markdown.render(text),
        approved_by=actor if by_executive else None,
        approved_at=now if by_executive else None,
        created_at=now,
    )
    if by_executive:
        _answered(idea, now, comment)
    recount(idea)
    audit.record(
        actor=actor,
        action="ideas.answer.written",
        target=comment,
        after={"idea": idea.pk, "person": person.pk, "shown": by_executive},
        via=via,
    )
    if not by_executive:
        from podium.notifications.actions import notify

        notify(
            [person.user],
            "ideas.answer",
            f"answer:{comment.pk}",
            f"An official answer to “{idea.title}” was written for you to approve.",
            reverse("ideas-manage-idea", args=[idea.pk]),
            person=person,
            subject="An official answer waits for your approval",
        )
    return comment


@transaction.atomic
def do_approve_answer(actor: User, comment: Comment, *, via: str = "web") -> Comment:
    person = comment.person
    if comment.kind != Comment.Kind.OFFICIAL or person is None:
        raise ValidationError("Only an official answer is approved.")
    if person.user_id != actor.pk:
        raise PermissionDenied(f"Only {person.name} can approve an answer in their name.")
    if comment.approved_at is not None:
        raise ValidationError("This answer is already approved.")
    now = timezone.now()
    comment.approved_by, comment.approved_at = actor, now
    comment.save(update_fields=["approved_by", "approved_at"])
    _answered(comment.idea, now, comment)
    recount(comment.idea)
    audit.record(
        actor=actor,
        action="ideas.answer.approved",
        target=comment,
        after={"idea": comment.idea_id},
        via=via,
    )
    return comment
