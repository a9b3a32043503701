"""The notifications page: every role, each user only their own."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.actions import do_set_notify_by_email
from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.lib.redirects import back, on_this_site
from podium.notifications import actions as notifications
from podium.notifications.models import Nudge

NOTIFICATIONS_PER_PAGE = 25


@role_required(set(Role))
def list_notifications(request: SignedInRequest) -> HttpResponse:
    show = "all" if request.GET.get("show") == "all" else "unread"
    nudges = Nudge.objects.filter(user=request.user).select_related("person")
    if show == "unread":
        nudges = nudges.filter(read_at__isnull=True)
    page = Paginator(nudges, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list_notifications.html",
        {
            "title": "Notifications",
            "page": page,
            "show": show,
            "unread": notifications.unread_count(request.user),
        },
    )


@require_POST
@role_required(set(Role))
def read_notification(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark one read; with `open`, go on to the page it is about."""
    nudge = notifications.mark_read(request.user, pk)
    if nudge is None:
        raise Http404("No such notification.")
    if request.POST.get("open") and on_this_site(request, nudge.link):
        return redirect(nudge.link)
    return back(request, "notifications-list-notifications")


@require_POST
@role_required(set(Role))
def set_notification_emails(request: SignedInRequest) -> HttpResponse:
    """The user's own choice: notifications by email as well, or in Podium only."""
    on = request.POST.get("notify_by_email") == "on"
    if do_set_notify_by_email(request.user, on):
        messages.success(
            request,
            "Notifications will also come by email."
            if on
            else "Notifications now stay in Podium: no more emails about them.",
        )
    return redirect("notifications-list-notifications")


@require_POST
@role_required(set(Role))
def read_all_notifications(request: SignedInRequest) -> HttpResponse:
    count = notifications.mark_all_read(request.user)
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    else:
        messages.info(request, "Nothing was unread.")
    return back(request, "notifications-list-notifications")
