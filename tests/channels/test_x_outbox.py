"""The outbox sending through the X connector (recorded responses): threads, limits, tokens."""

from __future__ import annotations

import datetime as dt

import pytest
import respx
import time_machine
from django.utils import timezone

from podium.channels.models import ChannelAccount
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from tests.channels.recordings import replay
from tests.publishing.fakes import make_publication

State = Publication.State
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
TWEETS = "https://api.x.com/2/tweets"
TOKEN = "https://api.x.com/2/oauth2/token"


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
    )


@pytest.fixture
def x(settings):
    settings.X_CLIENT_ID = "x-client-id"
    settings.X_CLIENT_SECRET = "x-client-secret"
    with (
        time_machine.travel(NOW),
        respx.mock(assert_all_mocked=True, assert_all_called=False) as mock,
    ):
        yield mock


def test_a_due_thread_goes_out_once(erin, account, x) -> None:
    route = x.post(TWEETS).mock(
        side_effect=[replay("x/tweet_created"), replay("x/tweet_reply_created")]
    )
    publication = make_publication(
        erin.person,
        account=account,
        text="Our new hotel in Porto opens today!",
        thread=("Part two: the rooftop.",),
    )
    assert outbox.sweep("worker")["sent"] == 1
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert publication.remote_part_ids == ["1445880548472328192", "1445880548472328193"]
    assert publication.remote_url == "https://x.com/erin_exec/status/1445880548472328192"
    assert route.call_count == 2


def test_a_rate_limit_waits_until_x_says(erin, account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_429"))
    publication = make_publication(erin.person, account=account)
    outbox.sweep("worker")
    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert publication.error_kind == outbox.RATE_LIMITED
    reset = dt.datetime(2026, 11, 20, 9, 15, tzinfo=dt.UTC)
    assert abs((publication.due_at - reset).total_seconds()) < 5


def test_a_refresh_token_x_refuses_holds_the_post(erin, account, x) -> None:
    x.post(TWEETS).mock(return_value=replay("x/tweet_401"))
    x.post(TOKEN).mock(return_value=replay("x/token_invalid_request"))
    publication = make_publication(erin.person, account=account)
    outbox.sweep("worker")
    publication.refresh_from_db()
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert publication.state == State.HELD
    assert publication.waiting_reason.startswith("X account needs reconnecting")
