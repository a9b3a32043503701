"""The notifications page (every role, each user only their own) and approving a waiting
draft straight from the home page's "Waiting for your approval" card."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from podium.accounts.actions import do_set_notify_by_email
from podium.accounts.permissions import role_required
from podium.accounts.roles import Role
from podium.blog import actions as blog_actions
from podium.blog.models import Article
from podium.publishing import actions, notifications
from podium.publishing.models import Nudge, Revision

NOTIFICATIONS_PER_PAGE = 25
KIND_ICONS = {
    Nudge.Kind.BEHIND: ("calendar-stats", "orange"),
    Nudge.Kind.AWAITING_APPROVAL: ("checkbox", "primary"),
    Nudge.Kind.APPROVED: ("circle-check", "green"),
    Nudge.Kind.PUBLICATION_FAILED: ("alert-triangle", "red"),
}


def _on_this_site(request: HttpRequest, target: str) -> bool:
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """To the `next` path the form gave when it is on this site, else to `default`."""
    target = request.POST.get("next", "")
    return redirect(target if _on_this_site(request, target) else default)


@role_required(set(Role))
def list_notifications(request: HttpRequest) -> HttpResponse:
    show = "all" if request.GET.get("show") == "all" else "unread"
    nudges = Nudge.objects.filter(user=request.user).select_related("person")
    if show == "unread":
        nudges = nudges.filter(read_at__isnull=True)
    page = Paginator(nudges, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    for nudge in page.object_list:
        nudge.icon, nudge.colour = KIND_ICONS.get(nudge.kind, ("bell", "secondary"))
    return render(
        request,
        "publishing/notifications.html",
        {
            "title": "Notifications",
            "page": page,
            "show": show,
            "unread": notifications.unread_count(request.user),  # type: ignore[arg-type]
        },
    )


@require_POST
@role_required(set(Role))
def read_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read; with `open`, go on to the page it is about."""
    nudge = notifications.mark_read(request.user, pk)  # type: ignore[arg-type]
    if nudge is None:
        raise Http404("No such notification.")
    if request.POST.get("open") and _on_this_site(request, nudge.link):
        return redirect(nudge.link)
    return _back(request, "publishing-list-notifications")


@require_POST
@role_required(set(Role))
def set_notification_emails(request: HttpRequest) -> HttpResponse:
    """The user's own choice: notifications by email as well, or in Podium only."""
    on = request.POST.get("notify_by_email") == "on"
    if do_set_notify_by_email(request.user, on):  # type: ignore[arg-type]
        messages.success(
            request,
            "Notifications will also come by email."
            if on
            else "Notifications now stay in Podium: no more emails about them.",
        )
    return redirect("publishing-list-notifications")


@require_POST
@role_required(set(Role))
def read_all_notifications(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_read(request.user)  # type: ignore[arg-type]
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    else:
        messages.info(request, "Nothing was unread.")
    return _back(request, "publishing-list-notifications")


@require_POST
@role_required({Role.EXECUTIVE})
def approve_waiting_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a post's revision from the home card; only the executive it was written for."""
    revision = (
        Revision.objects.select_related("post__person")
        .filter(pk=pk, post__person__user=request.user)
        .first()
    )
    if revision is None:
        raise Http404("No such draft waiting for your approval.")
    text = notifications.first_line(revision.text)
    try:
        actions.do_approve_revision(request.user, revision)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"Approved. This exact text may now be published: “{text}”")
    return _back(request, request.user.home_url_name)  # type: ignore[union-attr]


@require_POST
@role_required({Role.EXECUTIVE})
def approve_waiting_article(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve an article's text from the home card; only the executive it was written for."""
    article = (
        Article.objects.select_related("person").filter(pk=pk, person__user=request.user).first()
    )
    if article is None:
        raise Http404("No such article waiting for your approval.")
    try:
        blog_actions.do_approve_article(request.user, article)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            f"Approved the article “{notifications.first_line(article.title)}”: "
            "it can now be published.",
        )
    return _back(request, request.user.home_url_name)  # type: ignore[union-attr]
