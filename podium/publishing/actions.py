"""Writing, approving and scheduling posts: every write audited in its transaction.

A post's text lives in revisions. Whoever writes for an executive (an assistant, the comms
team) makes a revision the executive must approve, exactly as written, before it can go out;
editing makes a new revision, which needs approval again. Scheduling turns the latest
revision's variants into Publications, one per (variant, channel account): `scheduled`, or
`held` with the reason shown (approval, an account that needs reconnecting). Nothing may be
edited, moved or unscheduled once any publication is claimed for sending.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.channels import limits
from podium.channels.base import Media, Part, Problem
from podium.channels.models import ChannelAccount
from podium.governance import audit
from podium.lib import bounds, images
from podium.org.access import can_edit_person
from podium.org.models import Person
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from podium.publishing import extensions, notifications
from podium.publishing.approvals import approval_chains
from podium.publishing.models import Attachment, Post, PostingSlot, Revision, Variant

COMPOSE_NETWORKS = ("mastodon", "bluesky", "x", "linkedin")
# Publications that may still change: nothing about them has reached a network.
OPEN_STATES = outbox.OPEN_STATES
# Once any publication is here, the post is on its way (or gone) and stays as it is.
STARTED_STATES = (
    Publication.State.CLAIMED,
    Publication.State.SENT,
    Publication.State.UNKNOWN,
    Publication.State.FAILED,
)


@dataclass
class VariantInput:
    """One network's version of the post, as typed in compose."""

    text: str
    thread: list[str] = field(default_factory=list)
    link: str = ""
    content_warning: str = ""
    visibility: str = Variant.Visibility.PUBLIC
    # New images: {"file": CheckedImage (or an upload, checked on use), "alt_text", "part"}
    images: list[dict[str, Any]] = field(default_factory=list)
    # Images of the revision being edited to carry over, by Attachment id, with their alt text.
    keep: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, value: VariantInput | Mapping[str, Any]) -> VariantInput:
        if isinstance(value, VariantInput):
            return value
        return cls(**{k: v for k, v in value.items() if k in cls.__dataclass_fields__})


# ---------------------------------------------------------------------------- checks


def check_may_write(actor: User, person: Person) -> None:
    if not (actor and actor.is_authenticated and can_edit_person(actor, person)):
        raise PermissionDenied("You may not write posts for this executive.")


def check_not_started(post: Post, doing: str) -> None:
    if post.publications.filter(state__in=STARTED_STATES).exists():
        raise ValidationError(
            f"This post cannot be {doing}: it has already been claimed for sending. "
            "Write a new post instead."
        )


def check_still_unclaimed(post: Post, doing: str) -> None:
    """After writing: the outbox may have claimed a publication since the first check (the
    claim does not lock the post). Raising rolls the whole change back."""
    if post.publications.filter(state__in=STARTED_STATES).exists():
        raise ValidationError(
            f"This post cannot be {doing}: it was claimed for sending a moment ago. "
            "Reload to see where it went."
        )


def as_aware(
    when: dt.datetime, person: Person, zone: zoneinfo.ZoneInfo | None = None
) -> dt.datetime:
    """The instant meant, in UTC; a naive time is read in `zone`, by default the executive's.

    In UTC because the database keeps instants, and PostgreSQL refuses offsets beyond ±15:59
    that ISO 8601 (and so the API) allows, such as +19:54. A local time that the clocks skip
    when they go forward is refused; one they show twice when they go back is the first of
    the two (still summer time: 01:30 on 31 Oct 2027 in London is 00:30 UTC).
    """
    bounds.check_day(when, "The time")
    if timezone.is_naive(when):
        zone = zone or person.zone
        check_exists(when, zone)
        when = when.replace(tzinfo=zone, fold=0)
    return when.astimezone(dt.UTC)


def check_exists(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> None:
    """Refuse a wall-clock time that does not exist in `zone` (skipped at a clock change)."""
    first = local.replace(tzinfo=zone, fold=0)
    if first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local:
        return
    before, after = first.utcoffset(), local.replace(tzinfo=zone, fold=1).utcoffset()
    assert before is not None and after is not None
    # The change happened between these two instants: find it to the second.
    low, high = local - after, local - before
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    change = high.replace(microsecond=0)
    skipped_from, skipped_to = change + before, change + after
    # Samoa skipped a whole day in 2011: then the message names the days too.
    clock = "%H:%M" if skipped_from.date() == skipped_to.date() else "%Y-%m-%d %H:%M"
    raise ValidationError(
        f"{local:%Y-%m-%d %H:%M} does not exist in {zone.key}: clocks go forward from "
        f"{skipped_from:{clock}} to {skipped_to:{clock}}; choose {skipped_to:{clock}} or later.",
        code="nonexistent_time",
    )


def check_future(when: dt.datetime, person: Person) -> None:
    """A schedule is neither in the past nor more than about two years ahead."""
    now = timezone.now()
    local = when.astimezone(person.zone)
    if when < now - dt.timedelta(seconds=60):
        raise ValidationError(
            f"{local:%Y-%m-%d %H:%M} ({person.timezone}) is in the past for {person.name}: "
            "choose a later time, or publish now."
        )
    bounds.check_schedule_horizon(when, now, f"{local:%Y-%m-%d %H:%M} ({person.timezone})")


def checked_image(value: images.CheckedImage | UploadedFile) -> images.CheckedImage:
    """An image as Podium keeps it; an upload not yet checked goes through `images.intake()`
    here, so nothing reaches an Attachment unchecked (ImageRefusedError says why)."""
    return value if isinstance(value, images.CheckedImage) else images.intake(value)


def max_chars_for(network: str, accounts: Iterable[ChannelAccount]) -> int | None:
    """The smallest instance limit among the chosen accounts (Mastodon instances differ)."""
    own = [a.max_chars for a in accounts if a.network == network and a.max_chars]
    return min(own) if own else None


def problems_of(revision: Revision, accounts: Iterable[ChannelAccount] = ()) -> dict[str, list]:
    """Each variant's problems by its network's rules; blocking ones stop scheduling."""
    accounts = list(accounts)
    return {
        variant.network: limits.validate_variant(
            variant.network, variant.for_channels(), max_chars_for(variant.network, accounts)
        )
        for variant in revision.variants.prefetch_related("attachments")
    }


def problems_of_inputs(
    variants: Mapping[str, VariantInput], accounts: Iterable[ChannelAccount] = ()
) -> dict[str, list[Problem]]:
    """The same checks on what is being typed, before anything is saved (compose's live view)."""
    accounts = list(accounts)
    result = {}
    for network, data in variants.items():
        texts = [data.text, *data.thread]
        media: dict[int, list[Media]] = {}
        for image in data.images:
            checked = checked_image(image["file"])
            media.setdefault(int(image.get("part") or 0), []).append(
                Media(
                    path="",
                    mime_type=checked.mime_type,
                    size=checked.size,
                    alt_text=image.get("alt_text", ""),
                )
            )
        for a in Attachment.objects.filter(pk__in=data.keep):
            media.setdefault(a.part, []).append(a.as_media(alt_text=data.keep[a.pk]))
        beyond = [index for index in media if index >= len(texts)]
        parts = [Part(text, tuple(media.get(i, ()))) for i, text in enumerate(texts)]
        problems = limits.validate_parts(
            network,
            parts,
            max_chars_for(network, accounts),
            content_warning=data.content_warning if network == "mastodon" else "",
        )
        if data.link and network == "linkedin" and media:
            problems.append(
                Problem(
                    "LinkedIn shows either images or a link card: the link card is left out.",
                    blocking=False,
                )
            )
        if beyond:
            problems.append(
                Problem(
                    f"An image is set for part {max(beyond) + 1}, but the thread has "
                    f"{len(texts)} part{'s' if len(texts) > 1 else ''}: add the part or change "
                    "the image's part."
                )
            )
        result[network] = problems
    return result


def check_publishable(revision: Revision, accounts: Iterable[ChannelAccount]) -> None:
    blocking = [
        f"{limits.NETWORK_NAMES.get(network, network)}: {problem.message}"
        for network, problems in problems_of(revision, accounts).items()
        for problem in problems
        if problem.blocking
    ]
    if blocking:
        raise ValidationError(blocking)


# ---------------------------------------------------------------------------- writing


def _write_variants(
    revision: Revision, variants: Mapping[str, VariantInput | Mapping[str, Any]]
) -> None:
    if not variants:
        raise ValidationError("Choose at least one network for this post.")
    for network, raw in variants.items():
        if network not in COMPOSE_NETWORKS:
            raise ValidationError(f"Podium cannot post to {network!r} from compose.")
        data = VariantInput.of(raw)
        variant = Variant(
            revision=revision,
            network=network,
            text=data.text if data.text.strip() else revision.text,
            thread=[part for part in data.thread if part.strip()],
            link=data.link,
            content_warning=data.content_warning if network == "mastodon" else "",
            visibility=data.visibility if network == "mastodon" else Variant.Visibility.PUBLIC,
        )
        variant.full_clean(exclude=["revision"])
        variant.save()
        for position, (attachment_id, alt_text) in enumerate(data.keep.items()):
            old = Attachment.objects.get(pk=attachment_id, variant__revision__post=revision.post)
            Attachment.objects.create(
                variant=variant,
                part=old.part,
                file=old.file.name,
                mime_type=old.mime_type,
                size=old.size,
                alt_text=alt_text,
                position=position,
            )
        for position, image in enumerate(data.images, start=len(data.keep)):
            checked = checked_image(image["file"])
            Attachment.objects.create(
                variant=variant,
                part=int(image.get("part") or 0),
                file=checked.as_file(),
                mime_type=checked.mime_type,
                size=checked.size,
                alt_text=image.get("alt_text", ""),
                position=position,
            )


def _revision_snapshot(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "text": revision.text,
        "variants": {
            v.network: {"text": v.text, "thread": v.thread, "link": v.link}
            for v in revision.variants.all()
        },
    }


@transaction.atomic
def do_create_post(
    actor: User,
    person: Person,
    text: str,
    variants: Mapping[str, VariantInput | Mapping[str, Any]],
    accounts: Iterable[ChannelAccount] = (),
    *,
    when: dt.datetime | None = None,
    publish_now: bool = False,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    via: str = "web",
) -> Post:
    """A new post with revision 1; scheduled too when `when` is given or `publish_now`.
    `values` are the extensions' (topics, ...) by their key, cleaned (extensions.py)."""
    check_may_write(actor, person)
    if not text.strip():
        raise ValidationError("Write the post's text first.")
    post = Post.objects.create(person=person, created_by=actor)
    revision = Revision.objects.create(post=post, number=1, text=text, created_by=actor)
    _write_variants(revision, variants)
    extensions.save_values(actor, post, revision, values, via=via)
    extensions.record(actor, revision, via=via)
    audit.record(
        actor=actor, action="post.created", target=post, after=_revision_snapshot(revision), via=via
    )
    notifications.notify_awaiting_approval(revision)
    approval_chains().revision_written(revision, actor=actor, via=via)
    if when is not None or publish_now:
        do_schedule(actor, post, when, accounts=accounts, via=via)
    return post


@transaction.atomic
def do_set_values(
    actor: User, post: Post, values: Mapping[str, Mapping[str, Any]], *, via: str = "web"
) -> None:
    """Save extensions' values that say what the post is for, not what it says (objectives:
    `Extension.revises` False), on the post as it is: no new revision, nothing to approve
    again, allowed after sending too. Each extension audits its own change."""
    check_may_write(actor, post.person)
    revising = {e.key for e in extensions.registered() if e.revises} & set(values)
    if revising:
        raise ValueError(f"{', '.join(sorted(revising))} change what the post says: edit it.")
    revision = post.latest_revision
    assert revision is not None  # every post is created with revision 1
    extensions.save_values(actor, post, revision, values, via=via)


@transaction.atomic
def do_edit_post(
    actor: User,
    post: Post,
    text: str,
    variants: Mapping[str, VariantInput | Mapping[str, Any]],
    *,
    values: Mapping[str, Mapping[str, Any]] | None = None,
    via: str = "web",
) -> Revision:
    """A new revision; the open publications of the old one move to it (held if unapproved),
    unless a check blocks it (then nothing is saved). `values`: as for do_create_post."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    check_may_write(actor, post.person)
    check_not_started(post, "edited")
    if not text.strip():
        raise ValidationError("Write the post's text first.")
    old = post.latest_revision
    assert old is not None
    revision = Revision.objects.create(
        post=post, number=old.number + 1, text=text, created_by=actor
    )
    _write_variants(revision, variants)
    extensions.save_values(actor, post, revision, values, via=via)
    findings = extensions.record(actor, revision, via=via)
    open_publications = list(
        post.publications.filter(revision=old, state__in=OPEN_STATES).select_related(
            "channel_account"
        )
    )
    accounts = [p.channel_account for p in open_publications]
    outbox.cancel(open_publications, actor=actor, via=via)
    check_still_unclaimed(post, "edited")
    audit.record(
        actor=actor,
        action="post.edited",
        target=post,
        before=_revision_snapshot(old),
        after=_revision_snapshot(revision),
        via=via,
    )
    notifications.notify_awaiting_approval(revision)
    approval_chains().revision_written(revision, actor=actor, via=via)
    if accounts and post.scheduled_for:
        extensions.refuse_blocking(findings, "scheduled as edited")
        _create_publications(revision, accounts, post.scheduled_for, actor=actor, via=via)
    return revision


@transaction.atomic
def do_approve_revision(executive: User, revision: Revision, *, via: str = "web") -> Revision:
    """The executive approves this exact text; its held publications may now go out."""
    revision = (
        Revision.objects.select_for_update().select_related("post__person").get(pk=revision.pk)
    )
    person = revision.post.person
    if not revision.may_be_approved_by(executive):
        raise PermissionDenied(f"Only {person.name} can approve what is written in their name.")
    latest = revision.post.latest_revision
    if latest is None or latest.pk != revision.pk:
        raise ValidationError("This text has been edited since: approve the latest revision.")
    if revision.approved_at is not None or revision.written_by_executive:
        return revision
    extensions.refuse_blocking(extensions.check(extensions.subject_of(revision)), "approved")
    revision.approved_by = executive
    revision.approved_at = timezone.now()
    revision.save(update_fields=["approved_by", "approved_at"])
    approval = Publication.Hold.EXECUTIVE_APPROVAL
    waiting = revision.publications.filter(state=Publication.State.HELD, hold=approval)
    released = outbox.release(
        list(waiting.select_related("channel_account")), approval, actor=executive, via=via
    )
    audit.record(
        actor=executive,
        action="post.approved",
        target=revision.post,
        after={"revision": revision.number, "text": revision.text, "released": len(released)},
        via=via,
    )
    notifications.notify_approved(revision, executive)
    approval_chains().revision_approved(revision, actor=executive, via=via)
    return revision


# ---------------------------------------------------------------------------- scheduling


def default_accounts(post: Post) -> list[ChannelAccount]:
    """The executive's usable account on each network the post has a variant for."""
    revision = post.latest_revision
    networks = list(revision.variants.values_list("network", flat=True)) if revision else []
    return list(
        ChannelAccount.objects.filter(person=post.person, network__in=networks).exclude(
            status=ChannelAccount.Status.DISCONNECTED
        )
    )


def _create_publications(
    revision: Revision,
    accounts: Iterable[ChannelAccount],
    due: dt.datetime,
    *,
    actor: User,
    via: str,
) -> list[Publication]:
    """The outbox's publications of `revision`, held until the executive approves it and, when
    an approval chain applies to it, until the chain is complete for its exact content."""
    clearance = approval_chains().clearance(revision)
    return outbox.schedule(
        revision,
        list(accounts),
        due,
        needs_approval=revision.needs_executive_approval,
        needs_clearance=clearance.needed,
        cleared_hash=clearance.content_hash,
        actor=actor,
        via=via,
    )


@transaction.atomic
def do_schedule(
    actor: User,
    post: Post,
    when: dt.datetime | None,
    *,
    accounts: Iterable[ChannelAccount] = (),
    via: str = "web",
) -> list[Publication]:
    """Schedule the latest revision at `when` (the executive's local time if naive); None = now."""
    post = Post.objects.select_for_update().select_related("person").get(pk=post.pk)
    check_may_write(actor, post.person)
    check_not_started(post, "scheduled again")
    due = timezone.now() if when is None else as_aware(when, post.person)
    check_future(due, post.person)
    accounts = list(accounts) or default_accounts(post)
    accounts = [a for a in accounts if a.person_id == post.person_id]
    revision = post.latest_revision
    assert revision is not None
    if not any(
        a.network in set(revision.variants.values_list("network", flat=True)) for a in accounts
    ):
        raise ValidationError(
            f"{post.person.name} has no connected account on this post's networks: "
            "connect one under Channels, or choose other networks."
        )
    check_publishable(revision, accounts)
    findings = extensions.record(actor, revision, due, scheduling=True, via=via)
    extensions.refuse_blocking(findings)
    older = post.publications.filter(state__in=OPEN_STATES).exclude(revision=revision)
    outbox.cancel(list(older), actor=actor, via=via)
    publications = _create_publications(revision, accounts, due, actor=actor, via=via)
    held = [p.waiting_reason for p in publications if p.state == Publication.State.HELD]
    after = {"due_at": due.isoformat(), "accounts": [f"{a.network}:{a.handle}" for a in accounts]}
    _set_due(actor, post, due, "post.scheduled", after={**after, "held": held}, via=via)
    return publications


@transaction.atomic
def do_unschedule(actor: User, post: Post, *, via: str = "web") -> int:
    post = Post.objects.select_for_update().select_related("person").get(pk=post.pk)
    check_may_write(actor, post.person)
    check_not_started(post, "unscheduled")
    cancelled = outbox.cancel(
        list(post.publications.filter(state__in=OPEN_STATES)), actor=actor, via=via
    )
    check_still_unclaimed(post, "unscheduled")
    before = {"due_at": post.scheduled_for.isoformat() if post.scheduled_for else None}
    after = {"cancelled": cancelled}
    _set_due(actor, post, None, "post.unscheduled", before=before, after=after, via=via)
    return cancelled


@transaction.atomic
def do_move(actor: User, post: Post, new_time: dt.datetime, *, via: str = "web") -> Post:
    """Move a scheduled post to another time (the calendar's drag and drop)."""
    post = Post.objects.select_for_update().select_related("person").get(pk=post.pk)
    check_may_write(actor, post.person)
    check_not_started(post, "moved")
    if post.scheduled_for is None:
        raise ValidationError("This post is not scheduled: schedule it from compose first.")
    due = as_aware(new_time, post.person)
    check_future(due, post.person)
    revision = post.latest_revision
    assert revision is not None
    found = extensions.record(actor, revision, due, scheduling=True, via=via)
    extensions.refuse_blocking(found, "moved there")  # a quiet period depends on the day
    before = post.scheduled_for
    moving = list(post.publications.filter(state__in=OPEN_STATES))
    outbox.reschedule(moving, due, actor=actor, via=via)
    check_still_unclaimed(post, "moved")
    before_due, after_due = {"due_at": before.isoformat()}, {"due_at": due.isoformat()}
    _set_due(actor, post, due, "post.moved", before=before_due, after=after_due, via=via)
    return post


def _set_due(
    actor: User,
    post: Post,
    due: dt.datetime | None,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any],
    via: str,
) -> None:
    """Say when the post is due (None: not scheduled), audited as `action`."""
    post.scheduled_for = due
    post.save(update_fields=["scheduled_for"])
    audit.record(actor=actor, action=action, target=post, before=before, after=after, via=via)


# ---------------------------------------------------------------------------- time slots


def slots_for(person: Person) -> dict[int, tuple[str, ...]]:
    """Weekday (0 = Monday) -> "HH:MM" local times: the person's own slots, else the default:
    PODIUM_POSTING_SLOTS (09:00, 12:30 and 17:00 unless set) on weekdays."""
    own: dict[int, tuple[str, ...]] = {}
    for slot in person.posting_slots.all():
        own[slot.weekday] = (*own.get(slot.weekday, ()), f"{slot.time:%H:%M}")
    if own:
        return own
    return dict.fromkeys(range(5), settings.POSTING_SLOTS)


@transaction.atomic
def do_add_slot(actor: User, person: Person, weekday: int, time: dt.time) -> PostingSlot:
    check_may_write(actor, person)
    slot, created = PostingSlot.objects.get_or_create(
        person=person, weekday=weekday, time=time.replace(second=0, microsecond=0)
    )
    if created:
        audit.record(
            actor=actor,
            action="posting_slot.added",
            target=slot,
            target_label=f"{person.name}: {slot}",
            after={"person": person.pk, "weekday": weekday, "time": f"{slot.time:%H:%M}"},
        )
    return slot


@transaction.atomic
def do_remove_slot(actor: User, slot: PostingSlot) -> None:
    check_may_write(actor, slot.person)
    audit.record(
        actor=actor,
        action="posting_slot.removed",
        target=slot,
        target_label=f"{slot.person.name}: {slot}",
        before={"person": slot.person_id, "weekday": slot.weekday, "time": f"{slot.time:%H:%M}"},
    )
    slot.delete()


def next_free_slot(person: Person, after: dt.datetime | None = None) -> dt.datetime:
    """The first posting slot after `after` (default now) with none of the person's posts in it."""
    zone = person.zone
    start = (after or timezone.now()).astimezone(zone)
    scheduled = Post.objects.filter(
        person=person, scheduled_for__gte=start, scheduled_for__lt=start + dt.timedelta(days=60)
    ).values_list("scheduled_for", flat=True)
    # The column is empty for drafts, which the range above already leaves out.
    taken = {t.astimezone(zone).replace(second=0, microsecond=0) for t in scheduled if t}
    slots = slots_for(person)
    for offset in range(60):
        day = (start + dt.timedelta(days=offset)).date()
        for hhmm in sorted(slots.get(day.weekday(), ())):
            hour, minute = (int(x) for x in hhmm.split(":"))
            candidate = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            if candidate > start and candidate not in taken:
                return candidate
    raise ValidationError(f"No free posting slot for {person.name} in the next 60 days.")


def blocking_messages(problems: dict[str, list[Problem]]) -> list[str]:
    return [p.message for items in problems.values() for p in items if p.blocking]
