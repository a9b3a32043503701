"""Permission-checked reads of posts: what a user may not see is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.org.access import can_edit_person, visible_people
from podium.org.models import Person
from podium.publishing.models import Post


def visible_posts(user: User) -> QuerySet[Post]:
    """The posts of every executive the user may see (podium.org.access.visible_people)."""
    return Post.objects.filter(person__in=visible_people(user))


def access_post(user: User, pk: int, *, for_edit: bool = False) -> Post:
    post = visible_posts(user).select_related("person").filter(pk=pk).first()
    if post is None or (for_edit and not can_edit_person(user, post.person)):
        raise Http404("No such post, or not one you may see.")
    return post


def people_to_write_for(user: User) -> QuerySet[Person]:
    """The active executives `user` may write posts for."""
    ids = [p.pk for p in visible_people(user).filter(is_active=True) if can_edit_person(user, p)]
    return Person.objects.filter(pk__in=ids)
