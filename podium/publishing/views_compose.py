"""Compose, edit, approve and unschedule posts; the live count. Writes go through actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import COMPOSERS, Role
from podium.channels import limits
from podium.channels.models import ChannelAccount
from podium.org.access import access_person, visible_people
from podium.org.models import Person
from podium.outbox.models import Publication
from podium.publishing import actions, extensions, listing
from podium.publishing.access import access_post, people_to_write_for, visible_posts
from podium.publishing.forms import MAX_IMAGE_SLOTS, ComposeForm, SlotForm, variants_from
from podium.publishing.models import Post, PostingSlot, Revision


def _accounts(person: Person | None, networks: list[str]) -> list[ChannelAccount]:
    if person is None:
        return []
    return list(
        ChannelAccount.objects.filter(person=person, network__in=networks).exclude(
            status=ChannelAccount.Status.DISCONNECTED
        )
    )


def _tabs(
    form: ComposeForm, problems: dict[str, list], revision: Revision | None
) -> list[dict[str, Any]]:
    """One tab per network with what the template shows (values typed, or the revision's)."""
    data = form.data if isinstance(form.data, QueryDict) else None  # bound to request.POST
    stored = {v.network: v for v in revision.variants.all()} if revision else {}
    tabs = []
    for network in actions.COMPOSE_NETWORKS:
        variant = stored.get(network)

        def value(name: str, default: str = "", network: str = network) -> str:
            return data.get(f"{network}-{name}", default) if data is not None else default

        limit = limits.LIMITS[network]
        tabs.append(
            {
                "network": network,
                "name": limits.NETWORK_NAMES[network],
                "limit": limit,
                "text": value("text", variant.text if variant else ""),
                "thread": (
                    data.getlist(f"{network}-thread")
                    if data is not None
                    else (variant.thread if variant else [])
                ),
                "link": value("link", variant.link if variant else ""),
                "content_warning": value(
                    "content_warning", variant.content_warning if variant else ""
                ),
                "visibility": value("visibility", variant.visibility if variant else "public"),
                "attachments": list(variant.attachments.all()) if variant else [],
                "image_slots": [
                    {"slot": i, "alt": value(f"alt-{i}"), "part": value(f"part-{i}", "1")}
                    for i in range(limit.max_images)
                ],
                "problems": problems.get(network, []),
            }
        )
    return tabs


def _initial(post: Post | None, people: QuerySet[Person], request: SignedInRequest) -> dict:
    if post is None:
        own = people.filter(user=request.user).first() or people.first()
        return {"person": own, "networks": ["mastodon", "bluesky", "linkedin"], "when": "draft"}
    revision = post.latest_revision
    scheduled = post.scheduled_for
    return {
        "person": post.person,
        "text": revision.text if revision else "",
        "networks": list(revision.variants.values_list("network", flat=True)) if revision else [],
        "when": "at" if scheduled else "draft",
        "at": timezone.localtime(scheduled, post.person.zone).replace(tzinfo=None)
        if scheduled
        else None,
    }


def _save(
    request: SignedInRequest,
    form: ComposeForm,
    post: Post | None,
    variants: dict[str, actions.VariantInput],
    sections: list[extensions.Section],
) -> Post:
    """Create or edit, then schedule as asked: all in one transaction, or nothing."""
    person = form.cleaned_data["person"]
    text = form.cleaned_data["text"]
    user = request.user
    values = extensions.values_from_form(form, sections)
    with transaction.atomic():
        if post is None:
            post = actions.do_create_post(user, person, text, variants, values=values)
        else:
            actions.do_edit_post(user, post, text, variants, values=values)
        when = form.cleaned_data["when"]
        if when == "draft" and post.scheduled_for is not None:
            actions.do_unschedule(user, post)
        elif when == "slot":
            actions.do_schedule(user, post, actions.next_free_slot(person))
        elif when in ("now", "at"):
            actions.do_schedule(user, post, form.when_value())
    return post


def _variants(
    request: SignedInRequest, form: ComposeForm
) -> dict[str, actions.VariantInput] | None:
    """The typed variants with their images checked, or None with each refusal on the form."""
    data = form.cleaned_data
    try:
        return variants_from(request.POST, request.FILES, data["networks"], data["text"])
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


def _compose(request: SignedInRequest, post: Post | None) -> HttpResponse:
    people = people_to_write_for(request.user)
    if post is not None:
        people = people.filter(pk=post.person_id)
    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        initial=_initial(post, people, request),
    )
    sections = extensions.add_fields(form, request.user, post)
    problems: dict[str, list] = {}
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        networks = form.cleaned_data["networks"]
        variants = _variants(request, form)
        if variants is not None:
            problems = actions.problems_of_inputs(variants, _accounts(person, networks))
        blocked = any(p.blocking for items in problems.values() for p in items)
        if variants is None:
            pass  # an image was refused: said on the form, nothing saved
        elif blocked and form.cleaned_data["when"] != "draft":
            form.add_error(None, "Fix the problems marked below before scheduling.")
        else:
            try:
                post = _save(request, form, post, variants, sections)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _done_message(post, form.cleaned_data["when"]))
                return redirect("publishing-edit-post", post.pk)
    revision = post.latest_revision if post else None
    return render(
        request,
        "publishing/compose/compose.html",
        {
            "title": "Edit post" if post else "Compose",
            "form": form,
            "post": post,
            "revision": revision,
            "tabs": _tabs(form, problems, revision),
            "sections": sections,
            "findings": _with_context(extensions.subject_of(revision) if revision else None),
            "reupload": bool(request.FILES),
            "max_image_slots": MAX_IMAGE_SLOTS,
            "may_approve": post is not None
            and revision is not None
            and revision.needs_executive_approval
            and post.person.user_id == request.user.pk,
            "publications": post.publications.exclude(state=Publication.State.CANCELLED)
            .select_related("channel_account")
            .order_by("channel_account__network")
            if post
            else [],
            "editable": post is None
            or not post.publications.filter(state__in=actions.STARTED_STATES).exists(),
        },
    )


def _done_message(post: Post, when: str) -> str:
    if when == "draft":
        return "Draft saved."
    held = post.publications.filter(state=Publication.State.HELD).first()
    if held:
        return f"Scheduled; waiting: {held.waiting_reason}."
    return "Scheduled to publish now." if when == "now" else "Scheduled."


@role_required(COMPOSERS)
def compose(request: SignedInRequest) -> HttpResponse:
    return _compose(request, None)


@role_required(COMPOSERS)
def edit_post(request: SignedInRequest, pk: int) -> HttpResponse:
    return _compose(request, access_post(request.user, pk, for_edit=True))


@role_required(COMPOSERS)
@require_POST
def count(request: SignedInRequest) -> JsonResponse:
    """Counts, limits and problems for what is typed, by each network's rules (compose.js)."""
    person = people_to_write_for(request.user).filter(pk=request.POST.get("person") or 0).first()
    networks = [n for n in request.POST.getlist("networks") if n in actions.COMPOSE_NETWORKS]
    base = request.POST.get("text", "")
    try:
        variants = variants_from(request.POST, request.FILES, networks, base)
    except ValidationError as error:  # compose.js sends no files; a refused image says why
        return JsonResponse({"errors": error.messages}, status=400)
    accounts = _accounts(person, networks)
    problems = actions.problems_of_inputs(variants, accounts)
    result: dict[str, dict[str, Any]] = {}
    for network, variant in variants.items():
        limit = limits.limits_for(network, actions.max_chars_for(network, accounts))
        found = [a for a in accounts if a.network == network]
        notes = [{"message": p.message, "blocking": p.blocking} for p in problems[network]]
        if person is not None and not found:
            notes.append(
                {
                    "message": f"{person.name} has no {limits.NETWORK_NAMES[network]} account "
                    "connected: this version will not be sent.",
                    "blocking": False,
                }
            )
        result[network] = {
            "max": limit.max_chars,
            "counts": [limits.count(network, t) for t in [variant.text, *variant.thread]],
            "problems": notes,
            "handle": found[0].handle if found else "",
        }
    blocking = any(n["blocking"] for r in result.values() for n in r["problems"])
    return JsonResponse({"networks": result, "blocking": blocking})


# A post is a few thousand characters at most; the live check reads no more than this.
MAX_CHECKED_CHARS = 20_000


@role_required(COMPOSERS)
@require_POST
def check(request: SignedInRequest) -> HttpResponse:
    """What the extensions' checks (policy, the roster) find in what is typed: compose asks
    as one types (htmx, debounced) and shows the words, the reason and the effect."""
    people = people_to_write_for(request.user)
    person = people.filter(pk=request.POST.get("person") or 0).first()
    post = None
    if (post_pk := request.POST.get("post", "")).isdigit():
        post = visible_posts(request.user).filter(pk=post_pk).first()
    networks = [n for n in request.POST.getlist("networks") if n in actions.COMPOSE_NETWORKS]
    text = request.POST.get("text", "")[:MAX_CHECKED_CHARS]
    subject = None
    refused: list[str] = []
    if person is not None:
        variants = variants_from(request.POST, MultiValueDict(), networks, text)
        raw = {name: request.POST.getlist(name) for name in request.POST}
        try:
            values = extensions.clean_values(request.user, _extension_raw(request, raw))
        except ValidationError as error:
            refused, values = error.messages, {}
        subject = extensions.subject_of_inputs(
            person, text, variants, values or None, when=_typed_when(request, person), post=post
        )
    return render(
        request,
        "publishing/compose/_findings.html",
        {"findings": _with_context(subject), "refused": refused, "checked": person is not None},
    )


def _extension_raw(request: SignedInRequest, raw: dict[str, list[str]]) -> dict[str, Any]:
    """The extension fields present in the form: a multiple choice as a list, else one value."""
    names = {n for ext in extensions.registered() for n in ext.fields(request.user)}
    multiple = {
        n
        for ext in extensions.registered()
        for n, f in ext.fields(request.user).items()
        if isinstance(f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    }
    return {n: (v if n in multiple else (v[0] if v else "")) for n, v in raw.items() if n in names}


def _typed_when(request: SignedInRequest, person: Person) -> dt.datetime | None:
    """When the post would go out, as chosen on the form (None: now, or a draft)."""
    if request.POST.get("when") != "at":
        return None
    try:
        typed = dt.datetime.strptime(request.POST.get("at", ""), "%Y-%m-%dT%H:%M")
        return actions.as_aware(typed, person)
    except (ValueError, ValidationError):
        return None


AROUND = 30  # characters of context either side of the words found


def _with_context(subject: extensions.Subject | None) -> list[dict[str, Any]]:
    """Each finding with where it is (the post, or a network's part) and the text around its
    words, which the template marks with <mark> and words too, so it reads without colour."""
    if subject is None:
        return []
    texts = {(t.network, t.part): t.text for t in subject.texts}
    shown = []
    for f in extensions.check(subject):
        text = texts.get((f.network, f.part), "")
        found = f.end > f.start and text[f.start : f.end] != ""
        shown.append(
            {
                "finding": f,
                "where": _where(f),
                "before": ("…" if f.start > AROUND else "")
                + text[max(f.start - AROUND, 0) : f.start]
                if found
                else "",
                "words": text[f.start : f.end] if found else "",
                "after": text[f.end : f.end + AROUND] + ("…" if len(text) > f.end + AROUND else "")
                if found
                else "",
            }
        )
    return shown


def _where(finding: extensions.Finding) -> str:
    if not finding.network:
        return "the post" if finding.end > finding.start else ""
    name = limits.NETWORK_NAMES.get(finding.network, finding.network)
    return f"{name}, part {finding.part + 1}" if finding.part else name


@role_required({Role.EXECUTIVE})
@require_POST
def approve_revision(request: SignedInRequest, pk: int) -> HttpResponse:
    post = access_post(request.user, pk)
    revision = post.revisions.filter(pk=request.POST.get("revision") or 0).first()
    # The status page offers Approve too, and its reader goes back there.
    from_status = request.POST.get("from") == "status"
    back = "publishing-show-post" if from_status else "publishing-edit-post"
    if revision is None or not revision.may_be_approved_by(request.user):
        messages.error(request, f"Only {post.person.name} can approve this post.")
        return redirect(back, post.pk)
    try:
        actions.do_approve_revision(request.user, revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Approved: this exact text may now be published.")
    return redirect(back, post.pk)


@role_required(COMPOSERS)
@require_POST
def unschedule_post(request: SignedInRequest, pk: int) -> HttpResponse:
    post = access_post(request.user, pk, for_edit=True)
    try:
        actions.do_unschedule(request.user, post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Unscheduled: the post is a draft again.")
    return redirect(reverse("publishing-edit-post", args=[post.pk]))


@role_required(COMPOSERS)
def edit_slots(request: SignedInRequest, slug: str) -> HttpResponse:
    """An executive's regular posting times, which "next free time slot" picks from."""
    person = access_person(request.user, slug, for_edit=True)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        slot = person.posting_slots.filter(pk=request.POST["remove"]).first()
        if slot is not None:
            actions.do_remove_slot(request.user, slot)
            messages.success(request, f"Removed {slot}.")
        return redirect("publishing-edit-slots", person.slug)
    if request.method == "POST" and form.is_valid():
        slot = actions.do_add_slot(
            request.user, person, int(form.cleaned_data["weekday"]), form.cleaned_data["time"]
        )
        messages.success(request, f"Added {slot}.")
        return redirect("publishing-edit-slots", person.slug)
    own = list(person.posting_slots.all())
    return render(
        request,
        "publishing/compose/slots.html",
        {
            "title": "Posting times",
            "person": person,
            "form": form,
            "slots": own,
            "defaults": []
            if own
            else [
                (PostingSlot.Weekday(day).label, times)
                for day, times in sorted(actions.slots_for(person).items())
            ],
            "next_slot": actions.next_free_slot(person),
        },
    )


POST_FILTERS = {
    "drafts": "Drafts",
    "approval": "Waiting for approval",
    "scheduled": "Scheduled",
    "sent": "Sent",
}
POSTS_PER_PAGE = 50


@role_required(COMPOSERS | {Role.APPROVER})
def list_posts(request: SignedInRequest) -> HttpResponse:
    """Posts by state: drafts (never in the calendar), those waiting for approval, and the rest."""
    person = visible_people(request.user).filter(slug=request.GET.get("person", "")).first()
    shown = request.GET.get("show", "")
    posts = listing.filter_posts(
        visible_posts(request.user).select_related("person", "created_by"),
        person=person.slug if person else "",
        shown=shown,
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    latest = listing.latest_revisions(rows)
    states = listing.publication_states(rows)
    return render(
        request,
        "publishing/compose/list_posts.html",
        {
            "title": "Posts",
            "page": page,
            "rows": [
                {
                    "post": p,
                    "revision": (last := latest.get(p.pk)),
                    # as Revision.needs_executive_approval, from what is already fetched
                    "needs_approval": last is not None
                    and last.created_by_id != p.person.user_id
                    and last.approved_at is None,
                    "states": sorted(states.get(p.pk, ())),
                }
                for p in rows
            ],
            "filters": POST_FILTERS,
            "shown": shown,
            "people": visible_people(request.user).filter(is_active=True),
            "person": person,
        },
    )
