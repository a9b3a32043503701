"""Approving a waiting draft straight from the home page's "Waiting for your approval" card:
a post's revision or an article's text, only by the executive it was written for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.blog import actions as blog_actions
from podium.blog.models import Article
from podium.lib.redirects import back
from podium.lib.text import first_line
from podium.publishing import actions
from podium.publishing.models import Revision


@require_POST
@role_required({Role.EXECUTIVE})
def approve_waiting_post(request: SignedInRequest, pk: int) -> HttpResponse:
    """Approve a post's revision from the home card; only the executive it was written for."""
    revision = (
        Revision.objects.select_related("post__person")
        .filter(pk=pk, post__person__user=request.user)
        .first()
    )
    if revision is None:
        raise Http404("No such draft waiting for your approval.")
    text = first_line(revision.text)
    try:
        actions.do_approve_revision(request.user, revision)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"Approved. This exact text may now be published: “{text}”")
    return back(request, request.user.home_url_name)


@require_POST
@role_required({Role.EXECUTIVE})
def approve_waiting_article(request: SignedInRequest, pk: int) -> HttpResponse:
    """Approve an article's text from the home card; only the executive it was written for."""
    article = (
        Article.objects.select_related("person").filter(pk=pk, person__user=request.user).first()
    )
    if article is None:
        raise Http404("No such article waiting for your approval.")
    try:
        blog_actions.do_approve_article(request.user, article)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            f"Approved the article “{first_line(article.title)}”: it can now be published.",
        )
    return back(request, request.user.home_url_name)
