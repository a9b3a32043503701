"""Blog articles are tagged with topics too: on the article's form and over the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.blog.models import Article
from podium.governance.models import AuditEntry
from tests.conftest import PASSWORD
from tests.policy.building import topic

pytestmark = pytest.mark.django_db


def test_an_article_is_tagged_on_its_form(client, carol, erin):
    topic(carol, "Culture")
    assert client.login(email=erin.email, password=PASSWORD)
    form = client.get(reverse("blog-create-article")).content.decode()
    assert 'value="culture"' in form
    response = client.post(
        reverse("blog-create-article"),
        {
            "person": erin.person.pk,
            "title": "How we work",
            "body": "Together.",
            "topics": ["culture"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert list(article.topics.values_list("slug", flat=True)) == ["culture"]
    assert AuditEntry.objects.filter(action="article.topics_changed").exists()


def test_an_article_is_tagged_over_the_api_and_an_unknown_slug_is_named(api, carol, erin):
    topic(carol, "Culture")
    refused = api(erin).post(
        "/api/articles",
        {"person": erin.person.slug, "title": "T", "body": "B", "topics": ["nope"]},
    )
    assert refused.status_code == 422 and "nope" in str(refused.json()["errors"])
    made = api(erin).post(
        "/api/articles",
        {"person": erin.person.slug, "title": "T", "body": "B", "topics": ["culture"]},
    )
    assert made.status_code == 201 and made.json()["topics"] == ["culture"]
    edited = api(erin).patch(f"/api/articles/{made.json()['id']}", {"topics": []})
    assert edited.json()["topics"] == []
