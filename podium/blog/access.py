"""Permission-checked reads for the blog: what a user may not see or touch is a 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.accounts.roles import COMPOSERS, PEOPLE_EDITORS, Role
from podium.blog.models import Article, Comment
from podium.org.models import Person

# Who reaches the writer's pages: those who may edit a person (org.access.can_edit_person).
WRITER_ROLES = COMPOSERS
# Who moderates comments: the executive, those who act for them, and communications.
MODERATOR_ROLES = frozenset({Role.COMMS, Role.EXECUTIVE})


def writable_people(user: User) -> QuerySet[Person]:
    """The people `user` may write articles for (as podium.org.access.can_edit_person)."""
    if not user.is_active:
        return Person.objects.none()
    if user.has_role(*PEOPLE_EDITORS):
        return Person.objects.all()
    return Person.objects.filter(Q(user=user) | Q(delegations__user=user)).distinct()


def writable_articles(user: User) -> QuerySet[Article]:
    return Article.objects.filter(person__in=writable_people(user)).select_related(
        "person", "created_by", "edited_by", "approved_by"
    )


def access_article(user: User, pk: int) -> Article:
    article = writable_articles(user).filter(pk=pk).first()
    if article is None:
        raise Http404("No such article, or not one you may write.")
    return article


def moderated_people(user: User) -> QuerySet[Person]:
    """Whose comments `user` moderates: all for comms; else their own and whom they act for."""
    if not user.is_active or not user.has_role(*MODERATOR_ROLES):
        return Person.objects.none()
    if user.has_role(Role.COMMS):
        return Person.objects.all()
    return Person.objects.filter(Q(user=user) | Q(delegations__user=user)).distinct()


def moderated_comments(user: User) -> QuerySet[Comment]:
    return Comment.objects.filter(article__person__in=moderated_people(user)).select_related(
        "article", "article__person"
    )


def access_comment(user: User, pk: int) -> Comment:
    comment = moderated_comments(user).filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment, or not one you moderate.")
    return comment


def published_articles() -> QuerySet[Article]:
    """What the public sees: published articles by people on the roster."""
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, person__is_active=True
    ).select_related("person")


def published_with_counts() -> QuerySet[Article]:
    """Published articles with `comment_count`, the approved comments, for lists."""
    return published_articles().annotate(
        comment_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED))
    )


def public_person(slug: str) -> Person:
    person = Person.objects.filter(slug=slug, is_active=True).first()
    if person is None:
        raise Http404("No such author.")
    return person


def public_article(person_slug: str, slug: str) -> Article:
    article = published_articles().filter(person__slug=person_slug, slug=slug).first()
    if article is None:
        raise Http404("No such article.")
    return article
