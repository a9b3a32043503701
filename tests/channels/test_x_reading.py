"""Reading engagement and mentions from X (recorded responses)."""

from __future__ import annotations

import datetime as dt

import pytest
import respx
import time_machine
from django.utils import timezone

from podium.channels.base import RemotePost
from podium.channels.models import ChannelAccount
from podium.channels.x.connector import XConnector
from tests.channels.recordings import replay

API = "https://api.x.com/2"
ROOT = "1445880548472328192"
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
SINCE = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


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
        token_expires_at=timezone.now() + dt.timedelta(days=1),
    )


@pytest.fixture
def x():
    with (
        time_machine.travel(NOW, tick=False),
        respx.mock(assert_all_mocked=True, assert_all_called=False) as mock,
    ):
        yield mock


def test_it_reads_likes_reposts_and_replies(account, x) -> None:
    likes = x.get(f"{API}/tweets/{ROOT}/liking_users").mock(
        side_effect=[replay("x/liking_users_page1"), replay("x/liking_users_page2")]
    )
    x.get(f"{API}/tweets/{ROOT}/retweeted_by").mock(return_value=replay("x/retweeted_by"))
    search = x.get(f"{API}/tweets/search/recent").mock(return_value=replay("x/search_conversation"))
    x.get(f"{API}/tweets/{ROOT}/quote_tweets").mock(return_value=replay("x/empty_list"))
    remote = RemotePost(remote_id=ROOT, url="", part_ids=(ROOT,))

    events = list(XConnector(account).engagement(remote, SINCE))

    assert [(e.kind, e.actor_handle) for e in events] == [
        ("like", "tomas_ribeiro"),
        ("like", "anacosta"),
        ("repost", "tomas_ribeiro"),
        ("reply", "anacosta"),
    ]
    assert events[0].at == NOW  # X gives no time for likes: when Podium saw them
    reply = events[-1]
    assert reply.at == dt.datetime(2026, 11, 20, 10, 12, tzinfo=dt.UTC)
    assert reply.extra["reply_id"] == "1445880548472328199"
    assert likes.calls[1].request.url.params["pagination_token"].startswith("7140dib")
    params = search.calls.last.request.url.params
    assert params["query"] == f"conversation_id:{ROOT}"
    assert params["start_time"] == "2026-11-20T09:00:00Z"


def test_it_reads_the_accounts_mentions(account, x) -> None:
    route = x.get(f"{API}/users/2244994945/mentions").mock(return_value=replay("x/user_mentions"))
    [mention] = XConnector(account).mentions("", SINCE)
    assert mention.author_handle == "@travelweeklydesk"
    assert mention.url == "https://x.com/travelweeklydesk/status/1445990000000000001"
    assert mention.at == dt.datetime(2026, 11, 20, 11, 30, tzinfo=dt.UTC)
    assert route.calls.last.request.url.params["start_time"] == "2026-11-20T09:00:00Z"


def test_it_searches_recent_posts_for_a_query(account, x) -> None:
    route = x.get(f"{API}/tweets/search/recent").mock(return_value=replay("x/empty_list"))
    assert list(XConnector(account).mentions('"Harbour & Pine"', SINCE)) == []
    assert route.calls.last.request.url.params["query"] == '"Harbour & Pine"'
