"""What Podium's list pages share: the pages of a long list.

`{% pagination page %}` under a list's table: where the list stands ("Showing 51 to 100 of
120") and links to the first, the previous and the next page that keep every other filter
of the address the page was asked with. Lists ordered newest first name the links
`previous="Newer" next="Older"`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.inclusion_tag("accounts/partials/pagination.html", takes_context=True)
def pagination(
    context: template.Context, page: Page, previous: str = "Previous", next: str = "Next"
) -> dict[str, Any]:
    query = context["request"].GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode(), "previous": previous, "next": next}
