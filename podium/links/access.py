"""Who sees which links: communications managers and administrators see them all; anyone
else gets a 404 from here (the pages' role check says 403 first)."""

from __future__ import annotations

from django.http import Http404

from podium.accounts.models import User
from podium.links.actions import LINK_EDITORS
from podium.links.models import ShortLink


def access_link(user: User, pk: int) -> ShortLink:
    if not user.has_role(*LINK_EDITORS):
        raise Http404
    link = ShortLink.objects.select_related("post", "person", "publication").filter(pk=pk).first()
    if link is None:
        raise Http404
    return link
