"""Policy's part in compose, the API and the CSV import (publishing/extensions.py): the topics
field, the rules' and the roster's checks, and the findings stored with each revision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django import forms

from podium.blog import sections
from podium.policy import actions, checks
from podium.policy.models import Topic
from podium.publishing import extensions

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.blog.models import Article
    from podium.publishing.models import Post, Revision


class TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self) -> None:
        super().__init__(
            queryset=Topic.objects.all(),
            to_field_name="slug",
            required=False,
            label="Topics",
            help_text="What the post is about: some rules and the roster depend on it.",
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={
                "invalid_choice": "unknown topic %(value)s: use a slug listed under Topics.",
                "invalid_pk_value": "unknown topic %(pk)s: use a slug listed under Topics.",
            },
        )


class PolicyExtension(extensions.Extension):
    key = "topics"
    title = "Topics"
    template = "policy/_compose_topics.html"

    def fields(self, user: User) -> dict[str, forms.Field]:
        return {"topics": TopicsField()}

    def initial(self, post: Post | None) -> dict[str, Any]:
        return {"topics": list(post.topics.all()) if post is not None and post.pk else []}

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"topics": [t.slug for t in values.get("topics") or []]}

    def save(
        self, actor: User, post: Post, revision: Revision, values: Mapping[str, Any], *, via: str
    ) -> None:
        actions.do_set_topics(actor, post, list(values.get("topics") or []), via=via)

    def check(self, subject: extensions.Subject) -> list[extensions.Finding]:
        return checks.check_subject(subject)

    def recorded(
        self,
        actor: User | None,
        revision: Revision,
        findings: Sequence[extensions.Finding],
        *,
        scheduling: bool,
        via: str,
    ) -> None:
        actions.do_store_findings(actor, revision, findings, scheduling=scheduling, via=via)


class ArticleTopics(sections.ArticleSection):
    """The same topics on a blog article's form and the articles API."""

    key = "topics"
    title = "Topics"
    template = "policy/_compose_topics.html"

    def fields(self, user: User) -> dict[str, forms.Field]:
        return {"topics": TopicsField()}

    def initial(self, article: Article | None) -> dict[str, Any]:
        return {"topics": list(article.topics.all()) if article is not None and article.pk else []}

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"topics": [t.slug for t in values.get("topics") or []]}

    def save(self, actor: User, article: Article, values: Mapping[str, Any], *, via: str) -> None:
        actions.do_set_topics(actor, article, list(values.get("topics") or []), via=via)
