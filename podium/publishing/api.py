"""API for posts: list, read, write, approve, schedule, move, unschedule, retry.

The same permissions as compose and the status page: a post you may not see is a 404; one
you see but may not change is a 403 saying why. Every write is an action of
podium.publishing.actions (or outbox.do_retry), audited with via="api".
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status

from podium.accounts.api_auth import actor, require_role
from podium.accounts.models import User
from podium.accounts.roles import COMPOSERS, Role
from podium.channels import limits
from podium.channels.models import ChannelAccount
from podium.lib.api import (
    MAX_ID,
    SLUG_PATTERN,
    PageIn,
    error_responses,
    paginate,
)
from podium.org.access import access_person, can_edit_person
from podium.outbox import status
from podium.outbox.actions import do_retry
from podium.publishing import actions, extensions, listing
from podium.publishing.access import access_post, people_to_write_for, visible_posts
from podium.publishing.api_schemas import (
    EXTENSION_FIELDS,
    ApproveIn,
    ChannelAccountOut,
    MoveIn,
    NetworkName,
    PostCreateIn,
    PostEditIn,
    PostFilters,
    PostOut,
    PostPage,
    ScheduleIn,
    VariantIn,
)
from podium.publishing.models import Post, Revision, Variant

router = Router(tags=["Posts"])

READERS = COMPOSERS | {Role.APPROVER}  # who reaches the list of posts (as the Posts page)
PostId = Path(..., ge=1, le=MAX_ID, description="The post's id.")


# --- shapes ----------------------------------------------------------------------------------


def _summary(post: Post, revision: Revision, states: set[str]) -> dict[str, Any]:
    return {
        "id": post.pk,
        "person": post.person.slug,
        "person_name": post.person.name,
        "text": revision.text,
        "revision": revision.number,
        "needs_approval": revision.needs_executive_approval,
        "networks": [v.network for v in revision.variants.all()],
        "states": sorted(states),
        "scheduled_for": post.scheduled_for,
        "created_by": post.created_by.email,
        "created_at": post.created_at,
    }


def _variant(variant: Variant, problems: list, accounts: list[ChannelAccount]) -> dict[str, Any]:
    network = variant.network
    return {
        "network": network,
        "text": variant.text,
        "thread": variant.thread,
        "link": variant.link,
        "content_warning": variant.content_warning,
        "visibility": variant.visibility,
        "counts": [limits.count(network, text) for text in variant.parts],
        "max_chars": limits.limits_for(network, actions.max_chars_for(network, accounts)).max_chars,
        "problems": [
            {"message": p.message, "part": p.part, "blocking": p.blocking} for p in problems
        ],
        "images": [
            {
                "id": a.pk,
                "part": a.part,
                "url": a.file.url,
                "mime_type": a.mime_type,
                "alt_text": a.alt_text,
            }
            for a in variant.attachments.all()
        ],
    }


def _publication(line: status.Line) -> dict[str, Any]:
    publication = line.publication
    return {
        "id": publication.pk,
        "network": publication.channel_account.network,
        "account": publication.channel_account.handle,
        "state": publication.state,
        "label": line.label,
        "reason": line.detail,
        "due_at": publication.due_at,
        "sent_at": publication.sent_at,
        "remote_url": line.url,
        "attempts": publication.attempts,
        "can_retry": line.can_retry,
    }


def post_detail(post: Post, user: User) -> dict[str, Any]:
    """The post as GET /api/posts/{id} shows it to `user` (who may see it)."""
    post = Post.objects.select_related("person", "created_by").get(pk=post.pk)
    revision = post.latest_revision
    assert revision is not None  # every post is created with revision 1
    revision = Revision.objects.select_related("created_by", "approved_by", "post__person").get(
        pk=revision.pk
    )
    accounts = actions.default_accounts(post)
    problems = actions.problems_of(revision, accounts)
    raw = extensions.raw_values(post)
    lines = status.post_status(post, user)
    states = {line.publication.state for line in lines}
    started = bool(states & set(actions.STARTED_STATES))
    variants = revision.variants.prefetch_related("attachments").order_by("network")
    return {
        **_summary(post, revision, states),
        "timezone": post.person.timezone or "UTC",
        "editable": not started and can_edit_person(user, post.person),
        "current_revision": {
            "number": revision.number,
            "text": revision.text,
            "created_by": revision.created_by.email,
            "created_at": revision.created_at,
            "written_by_executive": revision.written_by_executive,
            "needs_approval": revision.needs_executive_approval,
            "approved_by": revision.approved_by.email if revision.approved_by else None,
            "approved_at": revision.approved_at,
        },
        "variants": [_variant(v, problems.get(v.network, []), accounts) for v in variants],
        "publications": [_publication(line) for line in lines],
        **{name: raw.get(name, []) for name in EXTENSION_FIELDS},
        "findings": [
            {
                "effect": f.effect,
                "reason": f.reason,
                "network": f.network,
                "part": f.part,
                "start": f.start,
                "end": f.end,
                "words": f.words,
            }
            for f in extensions.check(extensions.subject_of(revision))
        ],
    }


# --- helpers ---------------------------------------------------------------------------------


def _editable_post(user: User, post_id: int, what: str) -> Post:
    """The post, if `user` may see it (else 404) and change it (else 403)."""
    post = access_post(user, post_id)
    require_role(user, COMPOSERS, what)
    if not can_edit_person(user, post.person):
        raise PermissionDenied(
            f"You may read this post but not change it: only {post.person.name}, whoever acts "
            "for them and communications may."
        )
    return post


def _due(post: Post, at: dt.datetime, zone: str | None) -> dt.datetime:
    """The instant `at` means (a time without offset is read in `zone` when one is given, else
    in the executive's own), checked as the action will check it, so that a time skipped at a
    clock change or too far ahead is refused under the field `at`."""
    try:
        due = actions.as_aware(at, post.person, zoneinfo.ZoneInfo(zone) if zone else None)
        actions.check_future(due, post.person)
    except ValidationError as error:
        raise ValidationError({"at": error.messages}) from error
    return due


def _by_network(error: ValidationError) -> ValidationError:
    """check_publishable's messages ("X: The post is 300 characters…") under the field of the
    network they name (variants.x), so a client shows each next to its network."""
    if hasattr(error, "error_dict"):
        return error
    prefixes = {f"{name}: ": network for network, name in limits.NETWORK_NAMES.items()}
    fields: dict[str, list[str]] = {}
    for message in error.messages:
        for prefix, network in prefixes.items():
            if message.startswith(prefix):
                fields.setdefault(f"variants.{network}", []).append(message)
    if not fields:
        return error
    detail = "Fix these before scheduling: " + " ".join(error.messages)
    return ValidationError({NON_FIELD_ERRORS: [detail], **fields})


def _variant_input(data: VariantIn | None, old: Variant | None) -> actions.VariantInput:
    """What is sent, over what the network's version was (its images carried over)."""
    sent = data.model_dump(exclude_unset=True) if data is not None else {}
    values: dict[str, Any] = (
        {
            "text": old.text,
            "thread": old.thread,
            "link": old.link,
            "content_warning": old.content_warning,
            "visibility": old.visibility,
        }
        if old is not None
        else VariantIn().model_dump()
    )
    values.update(sent)
    keep = {a.pk: a.alt_text for a in old.attachments.all()} if old is not None else {}
    return actions.VariantInput(**values, keep=keep)


def _edited_variants(
    old: Revision, text: str, sent: dict[NetworkName, VariantIn] | None
) -> dict[str, actions.VariantInput]:
    current = {v.network: v for v in old.variants.prefetch_related("attachments")}
    if sent is not None:
        return {
            network: _variant_input(data, current.get(network)) for network, data in sent.items()
        }
    edited = {}
    for network, variant in current.items():
        data = _variant_input(None, variant)
        if variant.text == old.text:  # it followed the post's text: it follows the new one
            data.text = text
        edited[network] = data
    return edited


# --- endpoints -------------------------------------------------------------------------------


@router.get("/posts", response={200: PostPage, **error_responses(403, 422)})
def list_posts(
    request: HttpRequest, filters: Query[PostFilters], page: Query[PageIn]
) -> dict[str, object]:
    """The posts you may see, drafts first, then by scheduled time, newest first: every
    executive's for communications managers, administrators and approvers; your own and those
    of whom you act for otherwise."""
    user = actor(request)
    require_role(user, READERS, "Listing posts")
    posts = listing.filter_posts(
        visible_posts(user).select_related("person", "created_by"),
        person=filters.person,
        shown=filters.state or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    result = paginate(posts, page)
    rows: list[Post] = result["items"]
    latest = listing.latest_revisions(rows, variants=True)
    states = listing.publication_states(rows)
    result["items"] = [_summary(p, latest[p.pk], states.get(p.pk, set())) for p in rows]
    return result


@router.get("/posts/{post_id}", response={200: PostOut, **error_responses(404, 422)})
def get_post(request: HttpRequest, post_id: int = PostId) -> dict[str, Any]:
    """One post: its current revision, each network's version with its counts and problems,
    and where each publication stands (the status page's words, the remote post's address)."""
    user = actor(request)
    return post_detail(access_post(user, post_id), user)


@router.post("/posts", response={201: PostOut, **error_responses(400, 403, 422)})
def create_post(request: HttpRequest, payload: PostCreateIn) -> Status[dict[str, Any]]:
    """Write a draft post for an executive: the text, and a version per network (its own text,
    thread parts, link, Mastodon's content warning and visibility). Images are added in
    compose (/compose/), not by the API. A draft may have problems (`variants[].problems`);
    blocking ones stop scheduling. Written for someone else, it waits for their approval."""
    user = actor(request)
    require_role(user, COMPOSERS, "Writing posts")
    person = people_to_write_for(user).filter(slug=payload.person).first()
    if person is None:
        raise ValidationError(
            {
                "person": f"You may not write for an executive with the slug {payload.person!r}: "
                "GET /api/people lists those you may see."
            }
        )
    variants: dict[str, actions.VariantInput] = {
        network: _variant_input(data, None) for network, data in payload.variants.items()
    }
    values = extensions.clean_values(
        user, {"topics": payload.topics, "objectives": payload.objectives}
    )
    post = actions.do_create_post(user, person, payload.text, variants, values=values, via="api")
    return Status(201, post_detail(post, user))


@router.patch("/posts/{post_id}", response={200: PostOut, **error_responses(400, 403, 404, 422)})
def edit_post(request: HttpRequest, payload: PostEditIn, post_id: int = PostId) -> dict[str, Any]:
    """Change a post's text or versions: this makes a new revision, which the executive
    approves again if someone else wrote it. A scheduled post stays scheduled. Refused once
    any network has started sending it."""
    user = actor(request)
    post = _editable_post(user, post_id, "Editing posts")
    changes = payload.changes()
    raw: dict[str, Any] = {n: changes[n] for n in EXTENSION_FIELDS if n in changes}
    values = extensions.clean_values(user, raw)
    if set(changes) - extensions.not_revising(user):
        old = post.latest_revision
        assert old is not None
        text = changes.get("text", old.text)
        variants = _edited_variants(old, text, payload.variants if "variants" in changes else None)
        actions.do_edit_post(user, post, text, variants, values=values, via="api")
    elif values:
        actions.do_set_values(user, post, values, via="api")
    return post_detail(post, user)


@router.post(
    "/posts/{post_id}/approve", response={200: PostOut, **error_responses(400, 403, 404, 422)}
)
def approve_post(request: HttpRequest, payload: ApproveIn, post_id: int = PostId) -> dict[str, Any]:
    """The executive approves the exact text written in their name (one revision); its
    publications waiting for approval may then go out. Only that executive may approve."""
    user = actor(request)
    post = access_post(user, post_id)
    require_role(user, {Role.EXECUTIVE}, "Approving posts")
    revision = post.revisions.filter(number=payload.revision).first()
    if revision is None:
        latest = post.latest_revision
        raise ValidationError(
            {
                "revision": f"This post has no revision {payload.revision}; its latest is "
                f"{latest.number if latest else 0}."
            }
        )
    actions.do_approve_revision(user, revision, via="api")
    return post_detail(post, user)


@router.post(
    "/posts/{post_id}/schedule", response={200: PostOut, **error_responses(400, 403, 404, 422)}
)
def schedule_post(
    request: HttpRequest, payload: ScheduleIn, post_id: int = PostId
) -> dict[str, Any]:
    """Schedule the latest revision on the executive's connected accounts: `now`, `at` a time
    (an offset, or a local time in `timezone`, by default the executive's), or at their next
    free posting `slot`. Blocking problems give a 422 with a message per network
    (`errors["variants.x"]`). Written for someone else and not approved yet, it waits."""
    user = actor(request)
    post = _editable_post(user, post_id, "Scheduling posts")
    if payload.when == "slot":
        when: dt.datetime | None = actions.next_free_slot(post.person)
    elif payload.when == "at":
        assert payload.at is not None  # ScheduleIn requires it
        when = _due(post, payload.at, payload.timezone)
    else:
        when = None
    try:
        actions.do_schedule(user, post, when, via="api")
    except ValidationError as error:
        raise _by_network(error) from error
    return post_detail(post, user)


@router.post(
    "/posts/{post_id}/unschedule", response={200: PostOut, **error_responses(400, 403, 404, 422)}
)
def unschedule_post(request: HttpRequest, post_id: int = PostId) -> dict[str, Any]:
    """Take the post off the schedule: it is a draft again. Refused once any network has
    started sending it."""
    user = actor(request)
    post = _editable_post(user, post_id, "Unscheduling posts")
    actions.do_unschedule(user, post, via="api")
    return post_detail(post, user)


@router.post(
    "/posts/{post_id}/move", response={200: PostOut, **error_responses(400, 403, 404, 422)}
)
def move_post(request: HttpRequest, payload: MoveIn, post_id: int = PostId) -> dict[str, Any]:
    """Move a scheduled post to another time (as the calendar's drag and drop)."""
    user = actor(request)
    post = _editable_post(user, post_id, "Moving posts")
    actions.do_move(user, post, _due(post, payload.at, payload.timezone), via="api")
    return post_detail(post, user)


@router.post(
    "/posts/{post_id}/publications/{publication_id}/retry",
    response={200: PostOut, **error_responses(403, 404, 422)},
)
def retry_publication(
    request: HttpRequest,
    post_id: int = PostId,
    publication_id: int = Path(..., ge=1, le=MAX_ID, description="The publication's id."),
) -> dict[str, Any]:
    """Send a failed publication again, now (the status page's Retry button)."""
    user = actor(request)
    post = _editable_post(user, post_id, "Retrying publications")
    found = post.publications.select_related("post__person").filter(pk=publication_id).first()
    if found is None:
        raise Http404("This post has no such publication.")
    do_retry(user, found, via="api")
    return post_detail(post, user)


@router.get(
    "/people/{slug}/channels",
    response={200: list[ChannelAccountOut], **error_responses(404, 422)},
    tags=["Channels"],
)
def list_channel_accounts(
    request: HttpRequest, slug: str = Path(..., max_length=120, pattern=SLUG_PATTERN)
) -> QuerySet[ChannelAccount]:
    """An executive's accounts on each network and whether Podium can publish to them
    (connecting one happens in the browser: it signs in at the network)."""
    person = access_person(actor(request), slug)
    return ChannelAccount.objects.filter(person=person).order_by("network", "handle", "pk")
