import pytest
from django.urls import reverse

from podium.blog.models import Article
from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from podium.publishing.models import Post
from tests.blog.helpers import article
from tests.conftest import PASSWORD

NEW = {"title": "Our first year", "summary": "What we learnt.", "body": "We *learnt* a lot."}


def sign_in(client, user):
    client.login(email=user.email, password=PASSWORD)


def test_it_lets_an_executive_write_and_publish(client, erin):
    sign_in(client, erin)
    response = client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    a = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/blog/write/{a.pk}/"
    assert a.slug == "our-first-year" and a.status == "draft"
    assert a.created_by == erin and a.edited_by == erin and not a.needs_approval
    assert a.body_html == "<p>We <em>learnt</em> a lot.</p>\n"
    assert client.get(a.get_absolute_url()).status_code == 404
    client.post(f"/blog/write/{a.pk}/publish/")
    a.refresh_from_db()
    assert a.status == "published" and a.published_at is not None
    assert client.get(a.get_absolute_url()).status_code == 200
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["article.created", "article.published"]
    client.post(f"/blog/write/{a.pk}/unpublish/")
    a.refresh_from_db()
    assert a.status == "draft"
    assert client.get(a.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="article.unpublished").exists()


def test_it_makes_slugs_unique_per_person(client, erin, frank):
    article(erin.person, "Our first year", slug="our-first-year")
    article(frank.person, "Our first year", slug="our-first-year")
    sign_in(client, erin)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    assert Article.objects.filter(person=erin.person).latest("pk").slug == "our-first-year-2"
    a = Article.objects.filter(person=erin.person).latest("pk")
    response = client.post(f"/blog/write/{a.pk}/", {**NEW, "slug": "our-first-year"})
    assert "already has an article at this address" in response.content.decode()


def test_it_needs_the_executives_approval_of_a_delegates_text(client, erin, ian):
    sign_in(client, ian)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    a = Article.objects.get()
    assert a.created_by == ian and a.needs_approval
    response = client.post(f"/blog/write/{a.pk}/publish/", follow=True)
    assert "has not approved this text yet" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "draft"
    # The delegate cannot approve on the executive's behalf.
    client.post(f"/blog/write/{a.pk}/approve/")
    a.refresh_from_db()
    assert a.approved_at is None

    sign_in(client, erin)
    assert "Approve this text" in client.get(f"/blog/write/{a.pk}/").content.decode()
    client.post(f"/blog/write/{a.pk}/approve/")
    a.refresh_from_db()
    assert a.approved_by == erin and a.approved_at is not None
    assert AuditEntry.objects.filter(action="article.approved", actor_id=erin.pk).exists()

    sign_in(client, ian)
    client.post(f"/blog/write/{a.pk}/publish/")
    a.refresh_from_db()
    assert a.status == "published"


def test_it_asks_for_approval_again_after_an_edit(client, erin, ian):
    sign_in(client, ian)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    a = Article.objects.get()
    sign_in(client, erin)
    client.post(f"/blog/write/{a.pk}/approve/")
    sign_in(client, ian)
    client.post(f"/blog/write/{a.pk}/publish/")
    response = client.post(f"/blog/write/{a.pk}/", {**NEW, "body": "Changed."}, follow=True)
    assert "back to draft until Erin Executive approves it" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "draft" and a.approved_at is None and a.needs_approval


def test_it_keeps_the_approval_when_nothing_in_the_text_changed(client, erin, ian):
    sign_in(client, ian)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    a = Article.objects.get()
    sign_in(client, erin)
    client.post(f"/blog/write/{a.pk}/approve/")
    sign_in(client, ian)
    client.post(f"/blog/write/{a.pk}/", {**NEW, "slug": "first-year"})
    a.refresh_from_db()
    assert a.approved_at is not None and a.slug == "first-year"


def test_it_needs_no_approval_when_the_executive_edits_it(client, erin, ian):
    sign_in(client, ian)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    a = Article.objects.get()
    sign_in(client, erin)
    client.post(f"/blog/write/{a.pk}/", {**NEW, "body": "In my own words."})
    a.refresh_from_db()
    assert a.edited_by == erin and not a.needs_approval


def test_it_previews_a_draft_for_writers_only(client, erin, frank):
    a = article(erin.person, "Draft idea", published=False, body="Draft **body**")
    sign_in(client, erin)
    response = client.get(f"/blog/write/{a.pk}/preview/")
    assert response.status_code == 200 and "<strong>body</strong>" in response.content.decode()
    sign_in(client, frank)
    assert client.get(f"/blog/write/{a.pk}/preview/").status_code == 404


def test_it_announces_a_published_article_as_a_post(client, erin, settings):
    settings.PODIUM_BASE_URL = "https://podium.example.com"
    a = article(erin.person, "Big news", summary="We open in Lisbon.")
    ChannelAccount.objects.create(
        person=erin.person, network="mastodon", handle="@erin@example.social"
    )
    sign_in(client, erin)
    assert "Announce on networks" in client.get(f"/blog/write/{a.pk}/").content.decode()
    response = client.post(f"/blog/write/{a.pk}/announce/")
    post = Post.objects.get()
    assert response.status_code == 302
    # Compose's edit page when it is installed; its prefilled form otherwise.
    location = response["Location"]
    assert location == f"/posts/{post.pk}/edit/" or location.startswith("/compose/?text=Big+news")
    revision = post.revisions.get()
    assert revision.text == "Big news: We open in Lisbon."
    variant = revision.variants.get()
    assert variant.network == "mastodon"
    assert variant.link == f"https://podium.example.com{a.get_absolute_url()}"
    assert post.person == erin.person and post.created_by == erin
    assert AuditEntry.objects.filter(action="article.announced").exists()


def test_it_announces_only_published_articles(client, erin, frank):
    draft = article(erin.person, "Not yet", published=False)
    sign_in(client, erin)
    response = client.post(f"/blog/write/{draft.pk}/announce/", follow=True)
    assert "Publish the article first" in response.content.decode()
    assert not Post.objects.exists()
    sign_in(client, frank)
    assert client.post(f"/blog/write/{draft.pk}/announce/").status_code == 404


def test_it_lists_only_articles_the_user_may_write(client, erin, frank, ian):
    article(erin.person, "Erin piece")
    article(frank.person, "Frank piece")
    sign_in(client, ian)
    body = client.get("/blog/write/").content.decode()
    assert "Erin piece" in body and "Frank piece" not in body


def test_it_lists_articles_waiting_for_approval(client, erin, ian):
    sign_in(client, ian)
    client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    article(erin.person, "Erin own draft", published=False)
    body = client.get("/blog/write/", {"status": "approval"}).content.decode()
    assert "Our first year" in body and "Erin own draft" not in body


def test_it_offers_only_writable_people_as_authors(client, erin, frank):
    sign_in(client, frank)
    response = client.post("/blog/write/new/", {**NEW, "person": erin.person.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


# --- negative permission tests for every writer view -----------------------------------------

WRITER_GETS = ["blog-list-articles", "blog-create-article"]
ARTICLE_GETS = ["blog-edit-article", "blog-preview-article"]
ARTICLE_POSTS = [
    "blog-edit-article",
    "blog-publish-article",
    "blog-unpublish-article",
    "blog-approve-article",
    "blog-announce-article",
]


@pytest.fixture
def erins_draft(erin):
    return article(erin.person, "Private draft", published=False)


def test_it_sends_anonymous_writers_to_sign_in(client, erins_draft):
    for name in WRITER_GETS:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for name in ARTICLE_GETS + ARTICLE_POSTS:
        response = client.post(reverse(name, args=[erins_draft.pk]), NEW)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    erins_draft.refresh_from_db()
    assert erins_draft.status == "draft" and erins_draft.title == "Private draft"


def test_it_refuses_approvers(client, arthur, erins_draft):
    sign_in(client, arthur)
    for name in WRITER_GETS:
        assert client.get(reverse(name)).status_code == 403
    for name in ARTICLE_POSTS:
        assert client.post(reverse(name, args=[erins_draft.pk]), NEW).status_code == 403


def test_it_hides_another_executives_articles(client, frank, erins_draft):
    sign_in(client, frank)
    for name in ARTICLE_GETS:
        assert client.get(reverse(name, args=[erins_draft.pk])).status_code == 404
    for name in ARTICLE_POSTS:
        assert client.post(reverse(name, args=[erins_draft.pk]), NEW).status_code == 404
    erins_draft.refresh_from_db()
    assert erins_draft.status == "draft" and erins_draft.title == "Private draft"


def test_it_refuses_get_on_publishing_actions(client, erin, erins_draft):
    sign_in(client, erin)
    for name in ARTICLE_POSTS[1:]:
        assert client.get(reverse(name, args=[erins_draft.pk])).status_code == 405


def test_it_lets_comms_write_for_anyone_but_not_approve(client, carol, erin, erins_draft):
    sign_in(client, carol)
    assert client.get(f"/blog/write/{erins_draft.pk}/").status_code == 200
    client.post(f"/blog/write/{erins_draft.pk}/", {**NEW, "body": "Comms wording."})
    erins_draft.refresh_from_db()
    assert erins_draft.needs_approval
    client.post(f"/blog/write/{erins_draft.pk}/approve/")
    erins_draft.refresh_from_db()
    assert erins_draft.approved_at is None


def test_it_lists_articles_in_few_queries(
    client, carol, erin, frank, django_assert_max_num_queries
):
    for n in range(10):
        article(erin.person if n % 2 else frank.person, f"Piece {n}", slug=f"p-{n}")
    sign_in(client, carol)
    with django_assert_max_num_queries(10):
        assert client.get("/blog/write/").status_code == 200
