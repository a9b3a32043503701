"""Posts and articles tagged with the objectives they serve: in compose and the article's form,
over the API and in a CSV column; each change audited, ended objectives kept on what served them,
and the objective's page listing what serves it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.blog.actions import do_approve_article
from podium.blog.models import Article
from podium.governance.models import AuditEntry
from podium.planning import csv_import
from podium.publishing.actions import do_edit_post
from podium.publishing.models import Post
from tests.api import conftest as api_conftest
from tests.api.test_posts import new_post
from tests.conftest import PASSWORD
from tests.governance.objectives_helpers import objective
from tests.publishing.composing import draft, erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
api = api_conftest.api  # the API tests' fixture: api(user) calls with that user's token
TODAY = timezone.localdate()
YEAR = TODAY.year + 1


@pytest.fixture
def reach(carol):
    return objective(
        carol,
        name="Reach engineers",
        starts_on=TODAY - dt.timedelta(days=30),
        ends_on=TODAY + dt.timedelta(days=300),
    )


@pytest.fixture
def ended(carol):
    return objective(
        carol,
        name="Last year's launch",
        starts_on=TODAY - dt.timedelta(days=400),
        ends_on=TODAY - dt.timedelta(days=35),
    )


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_compose_offers_the_open_objectives_and_tags_the_post(client, erin, reach, ended):
    client = signed_in(client, erin)
    page = client.get(reverse("publishing-compose")).content.decode()
    assert "Reach engineers" in page
    assert "Last year" not in page  # ended: not offered for new posts

    response = client.post(
        reverse("publishing-compose"),
        {
            "person": erin.person.pk,
            "text": "Hello, engineers",
            "networks": ["mastodon"],
            "when": "draft",
            "objectives": [reach.pk],
        },
    )

    assert response.status_code == 302
    post = Post.objects.get()
    assert list(post.objectives.all()) == [reach]
    entry = AuditEntry.objects.get(action="post.objectives_set")
    assert entry.after == {"objectives": ["Reach engineers"]} and entry.actor_id == erin.pk


def test_an_ended_objective_stays_on_the_posts_that_served_it(erin, reach, ended):
    post = draft(erin, erin.person)
    post.objectives.set([ended])

    do_edit_post(
        erin,
        post,
        "Edited",
        {"mastodon": {"text": "Edited"}},
        values={"objectives": {"objectives": [reach]}},
    )

    assert set(post.objectives.all()) == {reach, ended}


def test_the_api_tags_a_post_and_names_an_unknown_objective(api, ian, erin, reach, ended):
    created = new_post(api(ian))
    assert created.status_code == 201
    post_id = created.json()["id"]

    tagged = api(ian).patch(f"/api/posts/{post_id}", {"objectives": [reach.pk]})
    assert tagged.status_code == 200, tagged.json()
    assert tagged.json()["objectives"] == [reach.pk]

    refused = api(ian).patch(f"/api/posts/{post_id}", {"objectives": [ended.pk]})
    assert refused.status_code == 422
    assert f"objective {ended.pk} is unknown or has ended" in str(refused.json())
    assert list(Post.objects.get(pk=post_id).objectives.all()) == [reach]


def csv_bytes(header, *rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_a_csv_column_tags_each_post_and_a_bad_id_is_a_row_error(carol, erin, reach):
    header = ["executive", "networks", "text", "scheduled_at", "objectives"]
    good = ["erin@example.com", "mastodon", "Engineers, hello", f"{YEAR}-05-04 09:00", reach.pk]

    result = csv_import.do_import(carol, csv_bytes(header, good))
    assert result.errors == []
    assert list(Post.objects.get().objectives.all()) == [reach]

    bad = ["erin@example.com", "mastodon", "Again", f"{YEAR}-05-05 09:00", "99999"]
    refused = csv_import.do_import(carol, csv_bytes(header, bad))
    assert refused.posts == [] or not refused.posts
    assert any("99999" in str(error) for error in refused.errors)
    assert Post.objects.count() == 1  # nothing of the refused file was kept


def test_the_objective_page_lists_the_posts_serving_it(client, carol, erin, reach):
    post = draft(carol, erin.person, "For the engineers")
    post.objectives.set([reach])

    page = signed_in(client, carol).get(reverse("governance-show-objective", args=[reach.pk]))

    body = page.content.decode()
    assert "1 post serves this objective" in body
    assert reverse("publishing-show-post", args=[post.pk]) in body


# --- articles ---------------------------------------------------------------------------------


def test_the_article_form_tags_an_article_and_its_page_lists_it(client, carol, erin, reach):
    client = signed_in(client, carol)
    form = client.get(reverse("blog-create-article")).content.decode()
    assert "Reach engineers" in form

    response = client.post(
        reverse("blog-create-article"),
        {
            "person": erin.person.pk,
            "title": "Why engineers stay",
            "body": "Because they build.",
            "objectives": [reach.pk],
        },
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert list(article.objectives.all()) == [reach]
    assert AuditEntry.objects.filter(action="article.objectives_set").count() == 1
    page = client.get(reverse("governance-show-objective", args=[reach.pk])).content.decode()
    assert "1 article serves it" in page
    assert reverse("blog-edit-article", args=[article.pk]) in page


def test_the_articles_api_tags_without_asking_for_approval_again(api, carol, erin, reach):
    created = api(carol).post(
        "/api/articles",
        {"person": erin.person.slug, "title": "Listening", "body": "We listen."},
    )
    assert created.status_code == 201, created.json()
    article = Article.objects.get()
    do_approve_article(erin, article)

    tagged = api(carol).patch(f"/api/articles/{article.pk}", {"objectives": [reach.pk]})

    assert tagged.status_code == 200, tagged.json()
    assert tagged.json()["objectives"] == [reach.pk]
    assert tagged.json()["approved_by"] == erin.email  # the text's approval stands
    refused = api(carol).patch(f"/api/articles/{article.pk}", {"objectives": [424242]})
    assert refused.status_code == 422
    assert "objective 424242 is unknown or has ended" in str(refused.json())
