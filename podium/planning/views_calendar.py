"""The calendar of scheduled and sent posts (week and month), moving posts, and CSV import."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, Min, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from podium.accounts.models import User
from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import COMPOSERS, Role
from podium.lib import bounds
from podium.org.access import editable_people, visible_people
from podium.org.models import Organisation
from podium.outbox.models import Publication
from podium.planning import csv_import
from podium.planning.forms import ImportForm
from podium.publishing import actions
from podium.publishing.access import access_post, visible_posts
from podium.publishing.models import Post

CALENDAR_READERS = {Role.ADMIN, Role.COMMS, Role.APPROVER, Role.EXECUTIVE}
HOURS = range(24)
# Posts shown a day: a whole company's week (hundreds of posts) stays a page one can read and
# load; the day says how many more there are, and choosing an executive shows all of theirs.
PER_DAY = {"week": 12, "month": 5}


def _start(request: HttpRequest, view: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        day = today
    if problem := bounds.day_problem(day, "The calendar's start date"):
        messages.warning(request, f"{problem} Showing this week instead.")
        day = today
    if view == "month":
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


def _bounded(
    posts: QuerySet[Post], zone: zoneinfo.ZoneInfo, per_day: int
) -> tuple[list[int], dict[dt.date, int]]:
    """The first `per_day` posts of each day that the calendar shows (any publication not
    cancelled), and how many more each day holds, from one query of ids and times."""
    live = Publication.objects.filter(post=OuterRef("pk")).exclude(
        state=Publication.State.CANCELLED
    )
    shown: list[int] = []
    more: dict[dt.date, int] = {}
    taken: dict[dt.date, int] = {}
    rows = posts.filter(Exists(live)).order_by("scheduled_for", "pk")
    for pk, when in rows.values_list("pk", "scheduled_for"):
        if when is None:  # a draft: never in the window asked for
            continue
        day = when.astimezone(zone).date()
        if taken.get(day, 0) < per_day:
            taken[day] = taken.get(day, 0) + 1
            shown.append(pk)
        else:
            more[day] = more.get(day, 0) + 1
    return shown, more


def _entries(posts: list[Post], zone: zoneinfo.ZoneInfo, user: User) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    # Whom the reader may edit, in one query for every executive in the window.
    may_edit = set(
        editable_people(user)
        .filter(pk__in={post.person_id for post in posts})
        .values_list("pk", flat=True)
    )
    entries = []
    for post in posts:
        publications = [
            p for p in post.publications.all() if p.state != Publication.State.CANCELLED
        ]
        when = post.scheduled_for
        if not publications or when is None:
            continue
        states = {p.state for p in publications}
        started = bool(states & set(actions.STARTED_STATES))
        local = when.astimezone(zone)
        # the newest of the prefetched revisions (latest_revision would query again)
        revision = max(post.revisions.all(), key=lambda r: r.number, default=None)
        entries.append(
            {
                "post": post,
                "local": local,
                "text": revision.text if revision else "",
                "networks": sorted({p.channel_account.network for p in publications}),
                "state": (
                    "failed"
                    if "failed" in states
                    else "sent"
                    if states == {"sent"}
                    else "held"
                    if "held" in states
                    else "sending"
                    if started
                    else "scheduled"
                ),
                "movable": not started and when > now and post.person_id in may_edit,
            }
        )
    return entries


@role_required(CALENDAR_READERS)
def calendar(request: SignedInRequest) -> HttpResponse:
    people = visible_people(request.user).filter(is_active=True)
    person = people.filter(slug=request.GET.get("person", "")).first()
    zone = person.zone if person else Organisation.current().zone
    view = "month" if request.GET.get("view") == "month" else "week"
    today = dt.datetime.now(zone).date()
    start = _start(request, view, today)
    if view == "month":
        days_in_month = pycalendar.monthrange(start.year, start.month)[1]
        end = start + dt.timedelta(days=days_in_month)
        grid_start = start - dt.timedelta(days=start.weekday())
        grid_days = ((end - grid_start).days + 6) // 7 * 7
        previous = (start - dt.timedelta(days=1)).replace(day=1)
        following = end
    else:
        end = start + dt.timedelta(days=7)
        grid_start, grid_days = start, 7
        previous, following = start - dt.timedelta(days=7), end
    window_start = dt.datetime.combine(grid_start, dt.time(), zone)
    window_end = window_start + dt.timedelta(days=grid_days)
    posts = visible_posts(request.user).filter(
        scheduled_for__gte=window_start, scheduled_for__lt=window_end
    )
    if person:
        posts = posts.filter(person=person)
    shown, more = _bounded(posts, zone, PER_DAY[view])
    shown_posts = list(
        Post.objects.filter(pk__in=shown)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=Publication.objects.select_related("channel_account"),
            ),
            "revisions",
        )
    )
    entries = _entries(shown_posts, zone, request.user)
    days: list[dict[str, Any]] = []
    for offset in range(grid_days):
        day = grid_start + dt.timedelta(days=offset)
        todays = sorted((e for e in entries if e["local"].date() == day), key=lambda e: e["local"])
        days.append(
            {
                "date": day,
                "entries": todays,
                "hours": {h: [e for e in todays if e["local"].hour == h] for h in HOURS}
                if view == "week"
                else {},
                "more": more.get(day, 0),
                "outside": view == "month" and day.month != start.month,
                "today": day == today,
                "past": day < today,
            }
        )
    return render(
        request,
        "planning/calendar/calendar.html",
        {
            "title": "Calendar",
            "view": view,
            "start": start,
            "previous": previous,
            "following": following,
            "today": today,
            "days": days,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            # The week's grid row by row (an hour, then its cell in each day), built here so
            # that the template does not search 24 hours of 7 days for each of 24 rows.
            "hour_rows": [
                {"hour": h, "cells": [{"day": d, "entries": d["hours"][h]} for d in days]}
                for h in HOURS
            ]
            if view == "week"
            else [],
            "people": people,
            "person": person,
            "zone": zone.key,
            "may_compose": request.user.has_role(*COMPOSERS),
        },
    )


@role_required(COMPOSERS)
@require_POST
def move_post(request: SignedInRequest) -> JsonResponse:
    """Move a post to another day (and hour) of the calendar; the answer says why not."""
    try:
        post = access_post(request.user, int(request.POST.get("post", "0")), for_edit=True)
    except (ValueError, Http404):
        return JsonResponse(
            {"ok": False, "message": "No such post, or not one you may move."}, status=404
        )
    try:
        tz = request.POST.get("tz")
        zone = zoneinfo.ZoneInfo(tz) if tz else post.person.zone
        day = dt.date.fromisoformat(request.POST.get("date", ""))
        hh, mm = (int(x) for x in request.POST.get("time", "").split(":"))
        local_time = dt.datetime.combine(day, dt.time(hh, mm))
    except (ValueError, OverflowError, KeyError, zoneinfo.ZoneInfoNotFoundError):
        return JsonResponse(
            {
                "ok": False,
                "message": "Choose a day and a time to move the post to "
                "(a date as YYYY-MM-DD and a time as HH:MM).",
            },
            status=400,
        )
    try:
        new_time = actions.as_aware(local_time, post.person, zone)
        actions.do_move(request.user, post, new_time)
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    local = new_time.astimezone(zone)
    return JsonResponse(
        {
            "ok": True,
            "message": f"Moved to {_spoken(local, dt.datetime.now(zone).year)}.",
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
        }
    )


def _spoken(when: dt.datetime, this_year: int) -> str:
    """ "Tue 24 Nov 09:00": short enough for a screen reader to announce after every move;
    the year only when it is not this one."""
    year = "" if when.year == this_year else f" {when.year}"
    return f"{when:%a} {when.day} {when:%b}{year} {when:%H:%M}"


@role_required(COMPOSERS)
def import_posts(request: SignedInRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = (
        "Columns: executive, networks, text, scheduled_at, link, and optionally image_url_1 to "
        f"image_url_{csv_import.IMAGE_SLOTS} with alt_text_1 to alt_text_{csv_import.IMAGE_SLOTS}. "
        "UTF-8, up to 1 MB."
    )
    result = csv_import.ImportResult()
    if request.method == "POST" and form.is_valid():
        try:
            result = csv_import.do_import(request.user, form.cleaned_data["file"].read())
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            if not result.errors:
                count = len(result.posts)
                messages.success(
                    request, f"Imported and scheduled {count} post{'' if count == 1 else 's'}."
                )
                if result.warnings:
                    messages.warning(request, _warnings_note(result.warnings))
                return redirect(_calendar_at_first(result.posts))
    return render(
        request,
        "planning/import.html",
        {
            "title": "Import scheduled posts",
            "form": form,
            "row_errors": result.errors,
            "row_warnings": result.warnings,
            "image_slots": range(1, csv_import.IMAGE_SLOTS + 1),
            "max_images": csv_import.MAX_IMAGES,
            "image_limits": csv_import.image_limits(),
        },
    )


def _calendar_at_first(posts: list[Post]) -> str:
    """The calendar's week with the earliest imported post, so people see what they imported."""
    url = reverse("publishing-calendar")
    first = Post.objects.filter(pk__in=[p.pk for p in posts]).aggregate(first=Min("scheduled_for"))[
        "first"
    ]
    if first is None:
        return url
    zone = Organisation.current().zone
    return f"{url}?start={first.astimezone(zone).date().isoformat()}"


def _warnings_note(warnings: list[csv_import.RowError], shown: int = 5) -> str:
    """What the imported rows still lack (alt text), row by row, in one message."""
    lines = [f"row {w.row}: {' '.join(w.problems)}" for w in warnings[:shown]]
    more = len(warnings) - shown
    tail = f"; and {more} more rows" if more > 0 else ""
    return f"Worth a look (edit the posts to fix it): {'; '.join(lines)}{tail}"


@role_required(COMPOSERS)
def import_template(request: SignedInRequest) -> HttpResponse:
    response = HttpResponse(csv_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="podium-posts-template.csv"'
    return response
