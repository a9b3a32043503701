"""What the blog tells people, in its own words, through `podium.notifications.notify()`:
an article's text drafted by someone else awaits the executive's approval, and the drafter's
text was approved. Called from the blog's actions, inside their transactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.blog.models import Article
from podium.notifications.approvals import Draft, ask_approval, tell_approved
from podium.notifications.models import Nudge

if TYPE_CHECKING:
    import datetime as dt

    from podium.accounts.models import User


def article_review_path(article_id: int) -> str:
    return reverse("blog-edit-article", args=[article_id])


def _stamp(moment: dt.datetime | None) -> str:
    return f"{moment:%Y%m%d%H%M%S%f}" if moment else "0"


def _draft(article: Article) -> Draft:
    return Draft(
        article.person, "article", article.title, article_review_path(article.pk), article.edited_by
    )


def notify_article_awaiting_approval(article: Article, *, email: bool = True) -> list[Nudge]:
    """Tell the executive that an article's text drafted by someone else awaits approval.

    Each new text is a new notification (its key carries the time of the edit); the unread one
    about an earlier text of the same article is marked read.
    """
    article = Article.objects.select_related("person__user", "edited_by").get(pk=article.pk)
    key = f"article:{article.pk}@{_stamp(article.updated_at)}"
    return ask_approval(_draft(article), key, needed=article.needs_approval, email=email)


def notify_article_approved(article: Article, approver: User) -> list[Nudge]:
    """Tell whoever drafted the article's text that the executive approved it, and clear the
    executive's own "awaiting your approval" notification about it."""
    article = Article.objects.select_related("person", "edited_by").get(pk=article.pk)
    key = f"article:{article.pk}@{_stamp(article.approved_at)}"
    draft = _draft(article)
    return tell_approved(draft, approver, key, link=draft.review_link, now="you can publish it now")
