"""A post's short links, for the post's page (publishing sits below links and does not import
it): `{% short_links_of post as links %}`, each with the people who followed it."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q, QuerySet

from podium.links.models import Click, ShortLink
from podium.publishing.models import Post

register = template.Library()


@register.simple_tag
def short_links_of(post: Post) -> QuerySet[ShortLink]:
    return (
        ShortLink.objects.filter(post=post)
        .annotate(
            people=Count("clicks", filter=Q(clicks__kind=Click.Kind.HUMAN, clicks__counted=True))
        )
        .order_by("network", "pk")
    )
