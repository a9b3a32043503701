"""The outbox sending through the LinkedIn connector (recorded responses): exactly once."""

from __future__ import annotations

import datetime as dt

import httpx
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
POSTS = "https://api.linkedin.com/rest/posts"
TEXT = "Our new hotel in Porto opens today (finally)! #hospitality"
URN = "urn:li:share:7265440125393698816"


@pytest.fixture
def account(erin) -> ChannelAccount:
    return ChannelAccount.objects.create(
        person=erin.person,
        network="linkedin",
        handle="Erin Executive",
        status=ChannelAccount.Status.CONNECTED,
        remote_account_id="782bbtaQ",
        access_token="AQX-current-token",
        token_expires_at=timezone.now() + dt.timedelta(days=30),
    )


@pytest.fixture
def linkedin():
    with (
        time_machine.travel(NOW),
        respx.mock(assert_all_mocked=True, assert_all_called=False) as mock,
    ):
        yield mock


def test_a_due_post_goes_out_once(erin, account, linkedin) -> None:
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    publication = make_publication(erin.person, account=account, text=TEXT)
    assert outbox.sweep("worker")["sent"] == 1
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert publication.remote_id == URN
    assert publication.remote_url == f"https://www.linkedin.com/feed/update/{URN}/"
    assert outbox.sweep("worker")["sent"] == 0
    assert route.call_count == 1


def test_a_timeout_is_confirmed_with_find_instead_of_posting_again(erin, account, linkedin) -> None:
    create = linkedin.post(POSTS).mock(side_effect=httpx.ReadTimeout("no answer"))
    listing = linkedin.get(POSTS).mock(return_value=replay("linkedin/posts_by_author"))
    publication = make_publication(erin.person, account=account, text=TEXT)

    outbox.sweep("worker")
    publication.refresh_from_db()
    assert publication.state == State.UNKNOWN

    outbox.sweep("worker")
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert publication.remote_id == URN
    assert create.call_count == 1
    assert listing.call_count == 1


def test_a_revoked_token_holds_the_post_and_marks_the_account(erin, account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_401"))
    publication = make_publication(erin.person, account=account, text=TEXT)
    outbox.sweep("worker")
    publication.refresh_from_db()
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert "reconnect LinkedIn" in account.status_reason
    assert publication.state == State.HELD
    assert publication.waiting_reason.startswith("LinkedIn account needs reconnecting")


def test_a_duplicate_is_recorded_as_sent(erin, account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_422_duplicate"))
    publication = make_publication(erin.person, account=account, text=TEXT)
    outbox.sweep("worker")
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert publication.remote_id == URN
