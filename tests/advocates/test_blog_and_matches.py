"""Blog comments become engagement events, and suggested matches come from profile links."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.advocates import ingest, matching
from podium.advocates.models import Cursor, EngagementEvent, MatchSuggestion, RemoteAccount
from podium.blog.models import Comment
from tests.advocates.helpers import actor, engage
from tests.blog.helpers import article, comment

pytestmark = pytest.mark.django_db


def test_approved_comments_become_events_once(erin):
    piece = article(erin.person)
    approved = comment(piece, Comment.Status.APPROVED, moderated_at=timezone.now())
    comment(piece, Comment.Status.PENDING, name="Wait Ing", email="wait@example.org")
    comment(piece, Comment.Status.SPAM, name="Spam Bot", email="spam@example.org")

    ingest.read_blog_comments()
    ingest.read_blog_comments()

    event = EngagementEvent.objects.get()
    assert (event.kind, event.network, event.article, event.person) == (
        "blog_comment",
        "blog",
        piece,
        erin.person,
    )
    assert event.account.display_name == "Pat Reader"
    assert "pat@example.org" not in event.account.remote_id, "the address is never kept plain"
    assert event.text == approved.text


def test_a_comment_approved_later_is_read_then(erin):
    piece = article(erin.person)
    ingest.read_blog_comments()
    later = comment(piece, Comment.Status.APPROVED, moderated_at=timezone.now())

    ingest.read_blog_comments()

    assert EngagementEvent.objects.get().natural_key == f"comment:{later.pk}"


def test_a_verified_link_to_another_profile_is_suggested(erin):
    engage(
        actor("Nadia Share", network="x", profile_url="https://x.com/nadia_s"), erin.person, "like"
    )
    engage(
        actor("Nadia", links=(("https://x.com/nadia_s", True),)),
        erin.person,
        "repost",
    )
    engage(actor("Unverified", links=(("https://x.com/nadia_s", False),)), erin.person, "like")

    assert matching.suggest() == 1
    assert matching.suggest() == 0, "a pair is suggested once"

    suggestion = MatchSuggestion.objects.get()
    assert suggestion.reason == "verified_link"
    assert {suggestion.first.display_name, suggestion.second.display_name} == {
        "Nadia Share",
        "Nadia",
    }


def test_the_same_name_and_a_shared_link_is_suggested(erin):
    site = (("https://nadia.example/", False),)
    engage(actor("Nadia Silva", links=site), erin.person, "like")
    engage(
        actor("nadia  silva", network="bluesky", links=(("https://www.nadia.example", False),)),
        erin.person,
        "like",
    )
    engage(actor("Someone Else", network="x", links=site), erin.person, "like")

    assert matching.suggest() == 1
    assert MatchSuggestion.objects.get().reason == "same_name_and_link"
    assert RemoteAccount.objects.count() == 3


def test_the_same_verified_site_is_suggested(erin):
    # A Bluesky handle on one's own domain is verified by Bluesky; a Mastodon link by rel=me.
    engage(
        actor(
            "Nadia",
            network="bluesky",
            handle="nadia.example",
            links=(("https://nadia.example", True),),
        ),
        erin.person,
        "like",
    )
    engage(actor("N. Silva", links=(("https://nadia.example/", True),)), erin.person, "like")

    assert matching.suggest() == 1
    assert MatchSuggestion.objects.get().evidence == "nadia.example"


def test_there_is_one_blog_cursor(erin):
    ingest.read_blog_comments()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cursor.objects.create(channel_account=None, source=Cursor.Source.BLOG)
