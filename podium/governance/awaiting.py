"""What waits for an executive's approval: drafts of posts and articles written for them.

Two views of the same thing: an executive's own queue (`awaiting_approval_of`) and what a
drafter (an assistant, the comms team) wrote and is still waiting for (`drafted_awaiting`).
A post waits when its latest revision was written by someone other than the executive and is
not approved; an article when its current text is a draft by someone else, not approved.
Each list takes a fixed number of queries, however long it is. It lives in governance, where
approval chains will live, because it reads both posts (publishing) and articles (blog).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse

from podium.accounts.models import User
from podium.accounts.permissions import may_open
from podium.blog.models import Article
from podium.channels.limits import NETWORK_NAMES
from podium.lib.text import first_line
from podium.org.models import Person
from podium.publishing.models import Revision


@dataclass
class Awaiting:
    """One draft waiting for approval, as the home cards show it."""

    kind: str  # "post" or "article"
    pk: int  # the revision's or the article's
    person: Person
    drafted_by: User | None
    drafted_at: dt.datetime
    summary: str
    # Where to review it, best first, as (URL name, id): a reader gets the first they may open.
    review_pages: tuple[tuple[str, int], ...]
    approve_url: str
    networks: list[str] = field(default_factory=list)

    def review_url_for(self, user: User) -> str:
        """The edit page for those who may open it, else the post's own page; "" when the reader
        may open neither (an approver and an article's draft)."""
        for url_name, pk in self.review_pages:
            if may_open(user, url_name, pk):
                return reverse(url_name, args=[pk])
        return ""

    @property
    def badges(self) -> list[dict[str, str]]:
        """Each network as `org/_network_icon.html` takes it (`network`), with its name."""
        return [
            {"network": n, "name": "Blog" if n == "blog" else NETWORK_NAMES.get(n, n)}
            for n in self.networks
        ]


def _waiting_revisions() -> QuerySet[Revision]:
    newer = Revision.objects.filter(post=OuterRef("post"), number__gt=OuterRef("number"))
    return (
        Revision.objects.filter(approved_at__isnull=True)
        .exclude(Exists(newer))
        .exclude(post__person__user__isnull=True)
        .exclude(created_by=F("post__person__user"))
        .select_related("post__person", "created_by")
        .prefetch_related("variants")
        .order_by("-created_at")
    )


def _waiting_articles() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=Article.Status.DRAFT, approved_at__isnull=True)
        .exclude(person__user__isnull=True)
        .filter(Q(edited_by__isnull=True) | ~Q(edited_by=F("person__user")))
        .select_related("person", "edited_by")
        .order_by("-updated_at")
    )


def _of_revision(revision: Revision) -> Awaiting:
    return Awaiting(
        kind="post",
        pk=revision.pk,
        person=revision.post.person,
        drafted_by=revision.created_by,
        drafted_at=revision.created_at,
        summary=first_line(revision.text),
        review_pages=(
            ("publishing-edit-post", revision.post_id),
            ("publishing-show-post", revision.post_id),
        ),
        approve_url=reverse("governance-approve-waiting-post", args=[revision.pk]),
        networks=sorted(v.network for v in revision.variants.all()),
    )


def _of_article(article: Article) -> Awaiting:
    return Awaiting(
        kind="article",
        pk=article.pk,
        person=article.person,
        drafted_by=article.edited_by,
        drafted_at=article.updated_at,
        summary=first_line(article.title),
        review_pages=(("blog-edit-article", article.pk),),
        approve_url=reverse("governance-approve-waiting-article", args=[article.pk]),
        networks=["blog"],
    )


def _merged(revisions: QuerySet[Revision], articles: QuerySet[Article], limit: int) -> list:
    items = [_of_revision(r) for r in revisions[:limit]]
    items += [_of_article(a) for a in articles[:limit]]
    items.sort(key=lambda item: item.drafted_at, reverse=True)
    return items[:limit]


def awaiting_approval_of(person: Person | None, *, limit: int = 20) -> list[Awaiting]:
    """Drafts written for `person` by someone else that wait for their approval, newest first."""
    if person is None or person.user_id is None:
        return []
    return _merged(
        _waiting_revisions().filter(post__person=person),
        _waiting_articles().filter(person=person),
        limit,
    )


def awaiting_executives(*, limit: int = 50) -> list[Awaiting]:
    """Everything drafted for an executive that waits for that executive's approval, newest first:
    the approvers' and comms' view of the program."""
    return _merged(_waiting_revisions(), _waiting_articles(), limit)


def drafted_awaiting(user: User, *, limit: int = 20) -> list[Awaiting]:
    """What `user` drafted for executives that still waits for their approval, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _merged(
        _waiting_revisions().filter(created_by=user),
        _waiting_articles().filter(edited_by=user),
        limit,
    )
