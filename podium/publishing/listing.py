"""The list of posts, the same for the Posts page and the API's GET /api/posts: which posts a
filter keeps, in which order, and what each row shows, fetched in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, QuerySet

from podium.outbox.models import Publication
from podium.publishing.models import Post, Revision

OPEN_STATES = (Publication.State.HELD, Publication.State.SCHEDULED)


def filter_posts(
    posts: QuerySet[Post],
    *,
    person: str = "",
    shown: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Post]:
    """`posts` of the executive with the slug `person`, in the state `shown` (drafts: not
    scheduled; approval: waiting for the executive; scheduled: waiting or due; sent or failed:
    on at least one network), scheduled between the two days (UTC); drafts first, then the
    latest scheduled."""
    if person:
        posts = posts.filter(person__slug=person)
    if shown == "drafts":
        posts = posts.filter(scheduled_for__isnull=True)
    elif shown == "approval":
        posts = posts.filter(
            _having(state=Publication.State.HELD, hold__in=Publication.APPROVAL_HOLDS)
        )
    elif shown == "scheduled":
        posts = posts.filter(_having(state__in=OPEN_STATES))
    elif shown in ("sent", "failed"):
        posts = posts.filter(_having(state=shown))
    if date_from:
        posts = posts.filter(scheduled_for__date__gte=date_from)
    if date_to:
        posts = posts.filter(scheduled_for__date__lte=date_to)
    order = (F("scheduled_for").desc(nulls_first=True), "-created_at", "-pk")
    return posts.order_by(*order)


def _having(**publication: object) -> Exists:
    """Posts with at least one such publication: a subquery, not a join, so that a post with
    several is listed once without DISTINCT (which sorted every post: 40 ms at demo size 50)."""
    return Exists(Publication.objects.filter(post=OuterRef("pk"), **publication))


def latest_revisions(rows: list[Post], *, variants: bool = False) -> dict[int, Revision]:
    """Each listed post's latest revision with its author, and its variants when asked (the
    API lists the networks; the page does not)."""
    latest: dict[int, Revision] = {}
    revisions = Revision.objects.filter(post__in=rows).select_related("created_by")
    if variants:
        revisions = revisions.prefetch_related("variants")
    for revision in revisions.order_by("post_id", "number"):
        latest[revision.post_id] = revision
    by_pk = {post.pk: post for post in rows}
    for revision in latest.values():  # the approval rule reads the post's person: fetched
        revision.post = by_pk[revision.post_id]
    return latest


def publication_states(rows: list[Post]) -> dict[int, set[str]]:
    """The states of each listed post's publications."""
    states: dict[int, set[str]] = {}
    for post_id, state in Publication.objects.filter(post__in=rows).values_list("post_id", "state"):
        states.setdefault(post_id, set()).add(state)
    return states
