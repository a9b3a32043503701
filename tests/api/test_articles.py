"""Blog articles over the API: the writer's pages' permissions and the draft → approve →
publish → announce flow."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from podium.blog.models import Article
from podium.governance.models import AuditEntry
from podium.publishing.models import Post
from tests.api.conftest import call_with_ids, deep_fuzz
from tests.blog.helpers import article
from tests.publishing.composing import account

pytestmark = pytest.mark.django_db

ERIN = "erin-executive"
NEW = {
    "person": ERIN,
    "title": "Our first year",
    "summary": "What we learnt.",
    "body": "We *learnt* a lot.",
}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [a["title"] for a in response.json()["items"]]


def test_it_lets_an_executive_write_and_publish_their_own_article(api, erin):
    client = api(erin)

    response = client.post("/api/articles", NEW)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["status"], body["person"]) == ("our-first-year", "draft", ERIN)
    assert body["body_html"] == "<p>We <em>learnt</em> a lot.</p>\n"
    assert body["needs_approval"] is False and body["public_url"] is None
    url = f"/api/articles/{body['id']}"

    body = client.post(f"{url}/publish").json()
    assert body["status"] == "published"
    assert body["public_url"].endswith("/blog/erin-executive/our-first-year/")

    body = client.post(f"{url}/unpublish").json()
    assert body["status"] == "draft"
    actions = AuditEntry.objects.filter(via="api").order_by("pk").values_list("action", flat=True)
    assert list(actions) == ["article.created", "article.published", "article.unpublished"]


def test_a_text_written_for_the_executive_is_published_once_they_approve_it(api, ian, erin):
    assistant = api(ian)
    created = assistant.post("/api/articles", NEW).json()
    url = f"/api/articles/{created['id']}"
    assert created["needs_approval"] is True
    assert created["created_by"] == "ian@example.com"

    response = assistant.post(f"{url}/publish")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Erin Executive has not approved this text yet")

    response = assistant.post(f"{url}/approve")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only Erin Executive can approve their article's text."

    body = api(erin).post(f"{url}/approve").json()
    assert body["needs_approval"] is False and body["approved_by"] == "erin@example.com"
    assert assistant.post(f"{url}/publish").json()["status"] == "published"

    # A published text the assistant changes goes back to draft until she approves it again.
    body = assistant.patch(url, {"body": "We learnt **more**."}).json()
    assert (body["status"], body["needs_approval"]) == ("draft", True)
    assert AuditEntry.objects.get(action="article.approved").via == "api"


def test_it_lists_each_writer_the_articles_they_may_write(api, erin, ian, frank, carol):
    article(erin.person, "Erin writes")
    article(frank.person, "Frank writes", published=False)

    assert titles(api(erin).get("/api/articles")) == ["Erin writes"]
    assert titles(api(ian).get("/api/articles")) == ["Erin writes"]
    assert titles(api(frank).get("/api/articles")) == ["Frank writes"]
    assert sorted(titles(api(carol).get("/api/articles"))) == ["Erin writes", "Frank writes"]
    assert titles(api(carol).get("/api/articles?status=published")) == ["Erin writes"]
    assert titles(api(carol).get("/api/articles?person=frank-finance")) == ["Frank writes"]


def test_it_filters_articles_waiting_for_approval(api, carol, erin):
    article(erin.person, "Hers", published=False)
    api(carol).post("/api/articles", {**NEW, "title": "Drafted by comms"})

    assert titles(api(carol).get("/api/articles?status=approval")) == ["Drafted by comms"]


def test_it_does_not_show_another_executives_article(api, erin, frank):
    theirs = article(erin.person, "Erin writes", published=False)

    for response in (
        api(frank).get(f"/api/articles/{theirs.pk}"),
        api(frank).patch(f"/api/articles/{theirs.pk}", {"title": "Mine"}),
        api(frank).post(f"/api/articles/{theirs.pk}/publish"),
    ):
        assert response.status_code == 404
    response = api(frank).post("/api/articles", NEW)
    assert response.status_code == 422
    assert "erin-executive" in response.json()["errors"]["person"]
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Erin writes", "draft")


def test_it_refuses_the_approver_role(api, arthur, erin):
    response = api(arthur).get("/api/articles")

    assert response.status_code == 403
    assert "Listing articles needs the" in response.json()["detail"]


def test_it_names_a_slug_already_taken(api, erin):
    article(erin.person, "Taken", slug="taken")
    mine = api(erin).post("/api/articles", NEW).json()

    response = api(erin).patch(f"/api/articles/{mine['id']}", {"slug": "taken"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "slug": "Erin Executive already has an article at this address."
    }


def test_it_announces_a_published_article_as_a_draft_post(api, erin):
    account(erin.person, "mastodon")
    account(erin.person, "bluesky")
    published = article(erin.person, "Why we listen first", summary="Listening first.")

    response = api(erin).post(f"/api/articles/{published.pk}/announce")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["text"] == "Why we listen first: Listening first."
    assert body["scheduled_for"] is None
    assert {v["network"] for v in body["variants"]} == {"mastodon", "bluesky"}
    assert all(v["link"] == published.public_url() for v in body["variants"])
    assert Post.objects.get().pk == body["id"]
    assert AuditEntry.objects.get(action="article.announced").via == "api"


def test_it_announces_only_a_published_article(api, erin):
    draft = article(erin.person, "Not yet", published=False)

    response = api(erin).post(f"/api/articles/{draft.pk}/announce")

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Publish the article first: the post links to its public page."
    )
    assert not Post.objects.exists()


def test_it_keeps_an_unchanged_article_as_it_is(api, ian, erin):
    hers = article(erin.person, "Hers", published=True)

    body = api(ian).patch(f"/api/articles/{hers.pk}", {}).json()

    assert body["status"] == "published"
    assert Article.objects.get(pk=hers.pk).edited_by == erin


# --- generated requests against a real article ------------------------------------------------

article_operations = deep_fuzz("Articles")
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def fuzz_article(keep_connection_for_wsgi, erin) -> Article:
    """A published article by erin, who has a Mastodon account to announce it on."""
    account(erin.person, "mastodon")
    return article(erin.person, "Fuzzed")


@article_operations.parametrize()
@FUZZ
def test_it_answers_generated_requests_on_a_real_article(case, fuzz_article, erin):
    """No 5xx, and every answer as documented, when the bodies reach the actions."""
    call_with_ids(case, erin, article_id=fuzz_article.pk)
