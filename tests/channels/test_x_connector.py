"""X connector against recorded responses: posts, threads, media, errors, find, refresh."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
import respx
import time_machine
from django.utils import timezone

from podium.channels.base import (
    AuthExpired,
    InvalidContent,
    Media,
    OutcomeUnknown,
    Part,
    RateLimited,
    Transient,
    Variant,
)
from podium.channels.models import ChannelAccount
from podium.channels.registry import connector_for
from podium.channels.x.connector import XConnector
from podium.outbox.reconciling import expected_of
from podium.publishing.models import Variant as VariantRow
from tests.channels.conftest import publication_for
from tests.channels.recordings import replay

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
TWEETS = "https://api.x.com/2/tweets"
TOKEN = "https://api.x.com/2/oauth2/token"
UPLOAD = "https://api.x.com/2/media/upload"
METADATA = "https://api.x.com/2/media/metadata"
TIMELINE = "https://api.x.com/2/users/2244994945/tweets"
TEXT = "Our new hotel in Porto opens today!"
ROOT, REPLY = "1445880548472328192", "1445880548472328193"


@pytest.fixture
def account(erin) -> ChannelAccount:
    return ChannelAccount.objects.create(
        person=erin.person,
        network="x",
        handle="@erin_exec",
        status=ChannelAccount.Status.CONNECTED,
        remote_account_id="2244994945",
        access_token="x-current-token",
        refresh_token="x-refresh-token",
        token_expires_at=timezone.now() + dt.timedelta(hours=2),
        scopes="tweet.read tweet.write users.read offline.access media.write",
    )


@pytest.fixture
def x(settings):
    settings.X_CLIENT_ID = "x-client-id"
    settings.X_CLIENT_SECRET = "x-client-secret"
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


def post(text: str = TEXT, **kwargs) -> Variant:
    return Variant(parts=(Part(text=text, **kwargs),))


def test_it_is_the_registered_x_connector(account) -> None:
    assert isinstance(connector_for(account), XConnector)


def test_it_counts_weighted_length_with_links_as_23() -> None:
    connector = XConnector(None)
    assert connector.count("hello") == 5
    assert connector.count("see https://example.com/a/very/long/path/indeed") == 4 + 23
    assert connector.count("日本語") == 6
    assert connector.validate(post("x" * 280)) == []
    [problem] = connector.validate(post("x" * 281))
    assert "280" in problem.message


def test_it_publishes_a_post(account, x) -> None:
    route = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))
    remote = XConnector(account).publish(post(), "key-1")
    assert remote.remote_id == ROOT
    assert remote.url == f"https://x.com/erin_exec/status/{ROOT}"
    assert remote.part_ids == (ROOT,)
    sent = route.calls.last.request
    assert sent.headers["Authorization"] == "Bearer x-current-token"
    assert json.loads(sent.content) == {"text": TEXT}


def test_it_publishes_a_thread_as_replies(account, x) -> None:
    route = x.post(TWEETS).mock(
        side_effect=[replay("x/tweet_created"), replay("x/tweet_reply_created")]
    )
    thread = Variant(parts=(Part(text=TEXT), Part(text="Part two: the rooftop.")))
    remote = XConnector(account).publish(thread, "key-1")
    assert remote.part_ids == (ROOT, REPLY)
    second = json.loads(route.calls[1].request.content)
    assert second == {"text": "Part two: the rooftop.", "reply": {"in_reply_to_tweet_id": ROOT}}


def test_it_uploads_images_with_alt_text(account, x, tmp_path) -> None:
    image = tmp_path / "rooftop.png"
    image.write_bytes(b"\x89PNG fake image bytes")
    upload = x.post(UPLOAD).mock(return_value=replay("x/media_uploaded"))
    metadata = x.post(METADATA).mock(return_value=replay("x/media_metadata"))
    create = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))
    media = Media(
        path=str(image), mime_type="image/png", size=22, alt_text="The rooftop terrace at dusk"
    )
    XConnector(account).publish(post(media=(media,)), "key-1")
    sent = upload.calls.last.request
    assert sent.headers["Content-Type"].startswith("multipart/form-data")
    assert b"\x89PNG fake image bytes" in sent.content
    assert b"tweet_image" in sent.content
    assert json.loads(metadata.calls.last.request.content) == {
        "id": "1880028106020515840",
        "metadata": {"alt_text": {"text": "The rooftop terrace at dusk"}},
    }
    assert json.loads(create.calls.last.request.content)["media"] == {
        "media_ids": ["1880028106020515840"]
    }


def test_a_401_refreshes_once_and_retries(account, x) -> None:
    x.post(TWEETS).mock(side_effect=[replay("x/tweet_401"), replay("x/tweet_created")])
    refresh = x.post(TOKEN).mock(return_value=replay("x/token_refreshed"))
    remote = XConnector(account).publish(post(), "key-1")
    assert remote.remote_id == ROOT
    sent = refresh.calls.last.request
    assert sent.headers["Authorization"].startswith("Basic ")
    form = dict(httpx.QueryParams(sent.content.decode()))
    assert form == {
        "grant_type": "refresh_token",
        "refresh_token": "x-refresh-token",
        "client_id": "x-client-id",
    }
    account.refresh_from_db()
    assert account.access_token.startswith("ZnJlc2gt")
    assert account.refresh_token.startswith("cm90YXRl")  # X rotates refresh tokens


def test_a_second_401_after_refreshing_is_auth_expired(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_401"))
    x.post(TOKEN).mock(return_value=replay("x/token_refreshed"))
    with pytest.raises(AuthExpired, match="reconnect X"):
        XConnector(account).publish(post(), "key-1")


def test_a_refused_refresh_is_auth_expired(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_401"))
    x.post(TOKEN).mock(return_value=replay("x/token_invalid_request"))
    with pytest.raises(AuthExpired, match="invalid_request"):
        XConnector(account).publish(post(), "key-1")


def test_a_token_about_to_expire_is_refreshed_before_posting(account, x) -> None:
    account.token_expires_at = timezone.now() + dt.timedelta(minutes=1)
    account.save()
    x.post(TOKEN).mock(return_value=replay("x/token_refreshed"))
    route = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))
    XConnector(account).publish(post(), "key-1")
    assert route.calls.last.request.headers["Authorization"] == (
        "Bearer ZnJlc2gtYWNjZXNzLXRva2VuLWFmdGVyLXJlZnJlc2g6MTY4MTg4MDUxMTg0MzoxOjE6YXQ6MQ"
    )


def test_an_expired_token_without_refresh_is_auth_expired(account, x) -> None:
    account.refresh_token = ""
    account.token_expires_at = timezone.now() - dt.timedelta(minutes=1)
    account.save()
    with pytest.raises(AuthExpired, match="reconnect X"):
        XConnector(account).publish(post(), "key-1")
    assert not x.calls


def test_a_403_duplicate_finds_the_post_already_there(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_403_duplicate"))
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets"))
    remote = XConnector(account).publish(post(), "key-1")
    assert remote.remote_id == ROOT


def test_a_thread_cut_short_is_finished_from_the_duplicate(account, x) -> None:
    # Part 1 is already on X; publishing again carries on from it.
    route = x.post(TWEETS).mock(
        side_effect=[replay("x/tweet_403_duplicate"), replay("x/tweet_reply_created")]
    )
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets"))
    thread = Variant(parts=(Part(text=TEXT), Part(text="Part two: the rooftop.")))
    remote = XConnector(account).publish(thread, "key-1")
    assert remote.part_ids == (ROOT, REPLY)
    assert json.loads(route.calls[1].request.content)["reply"] == {"in_reply_to_tweet_id": ROOT}


def test_a_duplicate_that_cannot_be_found_is_invalid_content(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_403_duplicate"))
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets_empty"))
    with pytest.raises(InvalidContent, match="duplicate content"):
        XConnector(account).publish(post("Something said long ago"), "key-1")


def test_a_403_for_the_app_is_auth_expired(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_403_client_forbidden"))
    with pytest.raises(AuthExpired, match="Podium's X app"):
        XConnector(account).publish(post(), "key-1")


def test_a_400_is_invalid_content_with_xs_message(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_400_invalid"))
    with pytest.raises(InvalidContent, match="Your media IDs are invalid"):
        XConnector(account).publish(post(), "key-1")


@time_machine.travel(NOW, tick=False)
def test_a_429_waits_until_the_rate_limit_resets(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_429"))
    with pytest.raises(RateLimited) as caught:
        XConnector(account).publish(post(), "key-1")
    assert caught.value.retry_after == 15 * 60  # x-rate-limit-reset is 09:15 UTC


def test_a_5xx_is_transient(account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_503"))
    with pytest.raises(Transient, match="503"):
        XConnector(account).publish(post(), "key-1")


def test_a_timeout_after_sending_is_an_unknown_outcome(account, x) -> None:
    x.post(TWEETS).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(OutcomeUnknown):
        XConnector(account).publish(post(), "key-1")


@time_machine.travel(NOW, tick=False)
def test_find_recognises_a_whole_thread(account, x) -> None:
    publication = publication_for(account, state="unknown", text=TEXT)
    VariantRow.objects.filter(pk=publication.variant_id).update(
        thread=["Part two: the rooftop & the view https://example.com/rooftop"]
    )
    publication.refresh_from_db()  # the variant as now stored
    route = x.get(TIMELINE).mock(return_value=replay("x/user_tweets"))
    remote = XConnector(account).find(expected_of(publication))
    assert remote is not None
    assert remote.part_ids == (ROOT, REPLY)
    params = route.calls.last.request.url.params
    assert params["start_time"] == "2026-11-20T08:55:00Z"
    assert "referenced_tweets" in params["tweet.fields"]


@time_machine.travel(NOW, tick=False)
def test_find_says_none_for_a_thread_cut_short(account, x) -> None:
    publication = publication_for(account, state="unknown", text=TEXT)
    VariantRow.objects.filter(pk=publication.variant_id).update(thread=["A part never sent"])
    publication.refresh_from_db()  # the variant as now stored
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets"))
    assert XConnector(account).find(expected_of(publication)) is None


@time_machine.travel(NOW, tick=False)
def test_find_ignores_posts_from_before_the_publication_was_due(account, x) -> None:
    publication = publication_for(
        account, state="unknown", text="Thank you to every team that made this quarter count."
    )
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets"))
    assert XConnector(account).find(expected_of(publication)) is None


@time_machine.travel(NOW, tick=False)
def test_find_on_an_empty_timeline(account, x) -> None:
    publication = publication_for(account, state="unknown", text=TEXT)
    x.get(TIMELINE).mock(return_value=replay("x/user_tweets_empty"))
    assert XConnector(account).find(expected_of(publication)) is None


def test_the_link_goes_at_the_end_and_counts(account, x) -> None:
    route = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))
    variant = Variant(parts=(Part(text="Read this"),), link="https://example.com/a/long/path")
    XConnector(account).publish(variant, "key-1")
    assert json.loads(route.calls.last.request.content)["text"] == (
        "Read this\n\nhttps://example.com/a/long/path"
    )
    near_limit = Variant(parts=(Part(text="x" * 260),), link="https://example.com/a")
    [problem] = XConnector(None).validate(near_limit)
    assert "285" in problem.message  # 260 + 2 newlines + 23 for the link


@time_machine.travel(NOW, tick=False)
def test_find_recognises_a_post_with_its_link_added(account, x) -> None:
    publication = publication_for(account, state="unknown", text="Read this")
    VariantRow.objects.filter(pk=publication.variant_id).update(link="https://example.com/a")
    publication.refresh_from_db()  # the variant as now stored
    body = replay("x/user_tweets").json()
    body["data"][1]["text"] = "Read this\n\nhttps://t.co/AbCdEf1234"
    x.get(TIMELINE).mock(return_value=httpx.Response(200, json=body))
    remote = XConnector(account).find(expected_of(publication))
    assert remote is not None
    assert remote.remote_id == ROOT


def test_a_thread_refused_halfway_says_which_parts_are_out(account, x) -> None:
    x.post(TWEETS).mock(side_effect=[replay("x/tweet_created"), replay("x/tweet_400_invalid")])
    thread = Variant(parts=(Part(text=TEXT), Part(text="Part two: the rooftop.")))
    with pytest.raises(InvalidContent) as caught:
        XConnector(account).publish(thread, "key-1")
    assert caught.value.message.startswith(
        f"Parts 1 to 1 of the thread are on X (https://x.com/erin_exec/status/{ROOT}); "
        "part 2 was refused: X refused publishing part 2 of the thread: Your media IDs are invalid"
    )
