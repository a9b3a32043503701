import pytest
from django.urls import reverse

from podium.org.models import Person
from tests.blog.helpers import article, comment
from tests.org.helpers import image_upload


@pytest.fixture
def writer(erin) -> Person:
    return erin.person


def test_it_shows_the_index_newest_first_to_anyone(client, writer, frank):
    article(writer, "Older thoughts", days_ago=10)
    article(frank.person, "Newer thoughts", days_ago=1)
    response = client.get("/blog/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Newer thoughts") < body.index("Older thoughts")
    assert 'type="application/atom+xml"' in body


def test_it_filters_the_index_by_executive(client, writer, frank):
    article(writer, "Erin writes")
    article(frank.person, "Frank writes")
    body = client.get("/blog/", {"author": writer.slug}).content.decode()
    assert "Erin writes" in body and "Frank writes" not in body


def test_it_paginates_the_index(client, writer):
    for n in range(12):
        article(writer, f"Article number {n}", slug=f"a-{n}", days_ago=n + 1)
    first = client.get("/blog/").content.decode()
    second = client.get("/blog/", {"page": 2}).content.decode()
    assert "Article number 0" in first and "Article number 11" not in first
    assert "Article number 11" in second


def test_it_keeps_drafts_off_every_public_page(client, writer):
    draft = article(writer, "Secret plans", published=False)
    assert "Secret plans" not in client.get("/blog/").content.decode()
    assert "Secret plans" not in client.get(f"/blog/{writer.slug}/").content.decode()
    assert client.get(f"/blog/{writer.slug}/{draft.slug}/").status_code == 404
    assert client.post(f"/blog/{writer.slug}/{draft.slug}/", {}).status_code == 404


def test_it_hides_articles_of_people_off_the_roster(client, writer):
    a = article(writer)
    Person.objects.filter(pk=writer.pk).update(is_active=False)
    assert client.get(a.get_absolute_url()).status_code == 404
    assert client.get(f"/blog/{writer.slug}/").status_code == 404


def test_it_shows_an_article_with_author_card_and_open_graph(client, writer, settings):
    settings.PODIUM_BASE_URL = "https://podium.example.com"
    writer.bio = "Runs the group; walks every hotel once a year."
    writer.photo = image_upload()
    writer.save()
    a = article(writer, "What a lobby says", body="First.\n\n> A quote.")
    body = client.get(a.get_absolute_url()).content.decode()
    assert "<blockquote>" in body
    assert "walks every hotel once a year" in body
    assert '<meta property="og:title" content="What a lobby says">' in body
    assert (
        f'<meta property="og:url" content="https://podium.example.com{a.get_absolute_url()}">'
        in body
    )
    assert '<meta property="og:type" content="article">' in body
    assert (
        f'<meta property="og:image" content="https://podium.example.com{writer.photo.url}">' in body
    )
    assert f'src="{writer.photo.url}"' in body  # the author card's photo
    assert f'href="https://podium.example.com/blog/{writer.slug}/feed.atom"' in body


def test_it_shows_only_approved_comments_with_their_count(client, writer):
    a = article(writer)
    comment(a, "approved", name="Ada Approved", text="Loved it <b>really</b>")
    comment(a, "approved", name="Bodil Approved")
    comment(a, "pending", name="Cyrano Pending")
    comment(a, "spam", name="Deirdre Spam")
    comment(a, "rejected", name="Evelyn Rejected")
    body = client.get(a.get_absolute_url()).content.decode()
    assert "2 comments" in body
    assert "Ada Approved" in body and "Bodil Approved" in body
    for hidden in ("Cyrano Pending", "Deirdre Spam", "Evelyn Rejected"):
        assert hidden not in body
    assert "&lt;b&gt;really&lt;/b&gt;" in body  # plain text, escaped
    assert "pat@example.org" not in body  # emails are never shown
    index = client.get("/blog/").content.decode()
    assert "2 comments" in index  # the teaser counts approved comments only


def test_it_shows_a_persons_blog(client, writer):
    article(writer, "On service")
    response = client.get(reverse("blog-person", args=[writer.slug]))
    assert response.status_code == 200
    assert "On service" in response.content.decode()


def test_it_answers_404_for_unknown_people_and_articles(client, writer):
    assert client.get("/blog/nobody/").status_code == 404
    assert client.get(f"/blog/{writer.slug}/nothing/").status_code == 404
    assert client.get("/blog/", {"author": "nobody"}).status_code == 404


def test_it_lists_the_index_in_few_queries(client, writer, frank, django_assert_max_num_queries):
    for n in range(8):
        article(writer if n % 2 else frank.person, f"Piece {n}", slug=f"p-{n}")
    with django_assert_max_num_queries(8):
        client.get("/blog/")


def test_it_keeps_the_masthead_readable_on_a_light_brand_colour(client, writer, organisation):
    assert "blog-masthead-light" not in client.get("/blog/").content.decode()  # #1f6feb
    organisation.brand_colour = "#f5d742"
    organisation.save()
    assert "blog-masthead-light" in client.get("/blog/").content.decode()
