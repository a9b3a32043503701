import feedparser
import pytest

from tests.blog.helpers import article


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PODIUM_BASE_URL = "https://podium.example.com"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_it_serves_a_valid_company_feed(client, erin, frank):
    article(erin.person, "First by Erin", days_ago=3, body="Hello **world**.")
    article(frank.person, "First by Frank", days_ago=1)
    article(erin.person, "A draft", published=False)
    feed = parse(client, "/blog/feed.atom")
    assert feed.feed.title == "Meridian Hotels blog"
    assert feed.feed.link == "https://podium.example.com/blog/"
    assert [e.title for e in feed.entries] == ["First by Frank", "First by Erin"]
    entry = feed.entries[1]
    assert entry.link == f"https://podium.example.com/blog/{erin.person.slug}/first-by-erin/"
    assert entry.author == "Erin Executive"
    assert entry.updated_parsed is not None and entry.published_parsed is not None
    assert entry.content[0].type == "text/html"
    assert "<strong>world</strong>" in entry.content[0].value
    assert entry.summary == "A short summary."


def test_it_serves_a_valid_feed_per_person(client, erin, frank):
    article(erin.person, "Erin only")
    article(frank.person, "Frank only")
    feed = parse(client, f"/blog/{erin.person.slug}/feed.atom")
    assert [e.title for e in feed.entries] == ["Erin only"]
    assert feed.feed.author == "Erin Executive"
    assert feed.feed.link == f"https://podium.example.com/blog/{erin.person.slug}/"


def test_it_serves_an_empty_feed_when_nothing_is_published(client, erin):
    article(erin.person, "A draft", published=False)
    assert parse(client, "/blog/feed.atom").entries == []


def test_it_uses_the_base_url_not_the_request_host(client, erin):
    article(erin.person)
    body = client.get("/blog/feed.atom", HTTP_HOST="localhost").content.decode()
    assert "http://localhost" not in body
    assert "https://podium.example.com/blog/" in body


def test_it_answers_404_for_the_feed_of_an_unknown_person(client, erin):
    assert client.get("/blog/nobody/feed.atom").status_code == 404
