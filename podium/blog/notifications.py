"""What the blog tells people, in its own words, through `podium.notifications.notify()`:
an article's text drafted by someone else awaits the executive's approval, and the drafter's
text was approved. Called from the blog's actions, inside their transactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.blog.models import Article
from podium.lib.text import first_line
from podium.notifications.actions import Kind, display_name, notify, settle
from podium.notifications.models import Nudge

if TYPE_CHECKING:
    import datetime as dt

    from podium.accounts.models import User


def article_review_path(article_id: int) -> str:
    return reverse("blog-edit-article", args=[article_id])


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y%m%d%H%M%S%f}" if moment else "0"


def notify_article_awaiting_approval(article: Article, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that an article's text drafted by someone else awaits approval.

    Each new text is a new notification (its key carries the time of the edit); the unread one
    about an earlier text of the same article is marked read.
    """
    article = Article.objects.select_related("person__user", "edited_by").get(pk=article.pk)
    person = article.person
    link = article_review_path(article.pk)
    key = f"article:{article.pk}@{_stamp(article.updated_at)}"
    settle(person.user_id, kind=Kind.AWAITING_APPROVAL, link=link, except_key=key)
    if not article.needs_approval or person.user_id is None:
        return []
    drafter = display_name(article.edited_by) if article.edited_by else "Someone"
    return notify(
        [person.user],
        Kind.AWAITING_APPROVAL,
        key,
        f"{drafter} drafted an article for you to approve: “{first_line(article.title)}”",
        link,
        person=person,
        subject=f"{drafter} drafted an article for you to approve",
        email=email,
    )


def notify_article_approved(article: Article, approver: User) -> list[Nudge]:
    """Tell whoever drafted the article's text that the executive approved it, and clear the
    executive's own "awaiting your approval" notification about it."""
    article = Article.objects.select_related("person", "edited_by").get(pk=article.pk)
    link = article_review_path(article.pk)
    settle(approver.pk, kind=Kind.AWAITING_APPROVAL, link=link)
    drafter = article.edited_by
    if drafter is None or drafter.pk == approver.pk:
        return []
    name = display_name(approver)
    return notify(
        [drafter],
        Kind.APPROVED,
        f"article:{article.pk}@{_stamp(article.approved_at)}",
        f"{name} approved your article, you can publish it now: “{first_line(article.title)}”",
        link,
        person=article.person,
        subject=f"{name} approved your article",
    )
