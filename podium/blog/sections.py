"""What apps above the blog add to an article's form and API, without the blog importing them
(as publishing/extensions.py does for posts): a section of fields, its values for an article,
and a save run inside the article's action. Governance adds the objectives an article serves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms

from podium.publishing import extensions

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.blog.models import Article


class ArticleSection:
    """One app's part in an article. Subclass, override what you need, register at start-up."""

    key: str = ""
    title: str = ""
    template: str = "publishing/compose/_extension.html"
    nothing_to_choose: str = "Nothing to choose from yet."

    def fields(self, user: User) -> dict[str, forms.Field]:
        return {}

    def initial(self, article: Article | None) -> dict[str, Any]:
        return {}

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Cleaned values back to what the API shows (ids, slugs)."""
        return dict(values)

    def save(self, actor: User, article: Article, values: Mapping[str, Any], *, via: str) -> None:
        """Store the section's values; runs inside the article's action."""


_sections: dict[str, ArticleSection] = {}


def register(section: ArticleSection) -> None:
    _sections[section.key] = section


def registered() -> list[ArticleSection]:
    return list(_sections.values())


def add_fields(form: forms.Form, user: User, article: Article | None) -> list[extensions.Section]:
    return extensions.add_fields(form, user, article, registered())


def clean_values(user: User, raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Values from the API cleaned by the sections' own fields (only the names present)."""
    return extensions.clean_values(user, raw, registered())


def raw_values(article: Article) -> dict[str, Any]:
    return extensions.raw_values(article, registered())


def save_values(
    actor: User, article: Article, values: Mapping[str, Mapping[str, Any]] | None, *, via: str
) -> None:
    for section in registered():
        if values and section.key in values:
            section.save(actor, article, values[section.key], via=via)
