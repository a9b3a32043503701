"""Links' pages: the list, making and editing a link by hand, a link's page, and the public
privacy note. Thin: reads are access.py's and stats.py's, changes actions.py's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.lib.forms import show_errors
from podium.links import actions, stats
from podium.links.access import access_link
from podium.links.clicks import COUNT_WINDOW
from podium.links.forms import LinkForm
from podium.links.models import Click, ShortLink

PER_PAGE = 50
QUERY_CHARS = 100


@role_required(actions.LINK_EDITORS)
def list_links(request: SignedInRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:QUERY_CHARS]
    links = ShortLink.objects.select_related("person", "post").order_by("-created_at", "-pk")
    if query:
        links = links.filter(
            Q(label__icontains=query) | Q(destination__icontains=query) | Q(code=query)
        )
    if request.GET.get("made") == "hand":
        links = links.filter(publication__isnull=True, post__isnull=True)
    page = Paginator(links, PER_PAGE).get_page(request.GET.get("page"))
    # People counted, for this page's links only: counting every link's clicks to sort and
    # page them took 4 s of CPU with the size-50 demo's clicks.
    people = dict(
        Click.objects.filter(
            link__in=[link.pk for link in page], kind=Click.Kind.HUMAN, counted=True
        )
        .values("link")
        .annotate(n=Count("pk"))
        .values_list("link", "n")
    )
    for link in page:
        link.people = people.get(link.pk, 0)  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "links/list_links.html",
        {"title": "Links", "page": page, "query": query, "made": request.GET.get("made", "")},
    )


@role_required(actions.LINK_EDITORS)
def create_link(request: SignedInRequest) -> HttpResponse:
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = actions.do_create_link(request.user, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Made the short link {link.short_url()}.")
            return redirect("links-show-link", link.pk)
    return render(request, "links/edit_link.html", {"title": "New short link", "form": form})


@role_required(actions.LINK_EDITORS)
def edit_link(request: SignedInRequest, pk: int) -> HttpResponse:
    link = access_link(request.user, pk)
    initial = {"destination": link.destination, "label": link.label, "active": link.active}
    form = LinkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_link(request.user, link, dict(form.cleaned_data))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved the short link {link.short_url()}.")
            return redirect("links-show-link", link.pk)
    return render(
        request, "links/edit_link.html", {"title": "Edit short link", "form": form, "link": link}
    )


@role_required(actions.LINK_EDITORS)
def show_link(request: SignedInRequest, pk: int) -> HttpResponse:
    link = access_link(request.user, pk)
    weeks = stats.weeks(link)
    return render(
        request,
        "links/show_link.html",
        {
            "title": str(link),
            "link": link,
            "totals": stats.totals(link),
            "weeks": weeks,
            "chart": stats.chart(weeks),
            "referrers": stats.referrers(link),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "links/privacy.html",
        {"title": "Short links and your privacy", "window_minutes": COUNT_WINDOW.seconds // 60},
    )
