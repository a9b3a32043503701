"""Permission-checked reads of posts: what a user may not see is a 404."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.lib import images
from podium.org.access import can_edit_person, visible_people
from podium.org.models import Organisation, Person
from podium.outbox.models import Publication
from podium.publishing.models import Attachment, Post, Variant


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


@dataclass(frozen=True)
class MediaFile:
    """A stored file someone may fetch: its type as Podium decided it, and who may see it."""

    name: str
    mime_type: str
    public: bool


def access_media(user: User | AnonymousUser, name: str) -> MediaFile:
    """A file under MEDIA_ROOT that `user` may fetch, or 404 (unknown files included).

    The organisation's logo and people's photos are public (the blog shows them). A post's
    image is public once a version holding it has been sent to a network (and is not a
    followers-only Mastodon post); before that, only those who may see the post may fetch it,
    so the visitor may be anonymous.
    """
    org_file = Organisation.objects.filter(logo=name).exists()
    if org_file or Person.objects.filter(photo=name).exists():
        # intake() named these files with the extension of the type it decided
        extension = posixpath.splitext(name)[1]
        return MediaFile(name, images.MIME_BY_EXTENSION.get(extension, ""), public=True)
    attachments = Attachment.objects.filter(file=name)
    first = attachments.first()
    if first is None:
        raise Http404("No such file.")
    published = attachments.filter(
        variant__publications__state=Publication.State.SENT,
    ).exclude(variant__visibility=Variant.Visibility.PRIVATE)
    if published.exists():
        return MediaFile(name, first.mime_type, public=True)
    post_ids = attachments.values("variant__revision__post_id")
    if not (user.is_authenticated and visible_posts(user).filter(pk__in=post_ids).exists()):
        raise Http404("No such file, or not one you may see.")
    return MediaFile(name, first.mime_type, public=False)
