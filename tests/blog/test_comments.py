import pytest
from django.core.cache import cache

from podium.blog.actions import COMMENT_LIMIT
from podium.blog.models import Comment
from tests.blog.helpers import article

GOOD = {"name": "Pat Reader", "email": "pat@example.org", "text": "A fine piece.", "website": ""}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(erin):
    return article(erin.person)


def test_it_takes_a_comment_as_pending(client, published):
    response = client.post(published.get_absolute_url(), GOOD, follow=True)
    assert response.status_code == 200
    assert "waiting for moderation" in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.ip_address == "127.0.0.1"
    assert "A fine piece." not in response.content.decode()  # not shown until approved


def test_it_drops_a_comment_when_the_honeypot_is_filled(client, published):
    response = client.post(
        published.get_absolute_url(), {**GOOD, "website": "http://spam.example"}, follow=True
    )
    assert response.status_code == 200  # the bot is told nothing
    assert not Comment.objects.exists()


def test_it_limits_comments_per_address(client, published):
    for _ in range(COMMENT_LIMIT):
        assert client.post(published.get_absolute_url(), GOOD).status_code == 302
    response = client.post(published.get_absolute_url(), {**GOOD, "text": "One more"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "several comments in a short time" in body and "10 minutes" in body
    assert "One more" in body  # what was typed stays in the form
    assert Comment.objects.count() == COMMENT_LIMIT
    other = client.post(published.get_absolute_url(), GOOD, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302  # another address is not limited


def test_it_counts_honeypot_hits_against_the_limit(client, published):
    for _ in range(COMMENT_LIMIT):
        client.post(published.get_absolute_url(), {**GOOD, "website": "x"})
    assert client.post(published.get_absolute_url(), GOOD).status_code == 429


def test_it_refuses_incomplete_comments(client, published):
    response = client.post(published.get_absolute_url(), {**GOOD, "email": "not-an-email"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not Comment.objects.exists()


def test_it_stores_comment_text_as_plain_text(client, published, erin):
    client.post(published.get_absolute_url(), {**GOOD, "text": "<script>alert(1)</script>"})
    Comment.objects.update(status=Comment.Status.APPROVED)
    body = client.get(published.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
