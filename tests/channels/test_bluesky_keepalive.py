"""Idle Bluesky sessions are renewed before they run out; a refused renewal is shown."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.channels.actions import do_connect_account
from podium.channels.bluesky.keepalive import refresh_ageing_sessions
from podium.channels.bluesky.session import create_session
from podium.channels.bluesky.tasks import renew_bluesky_sessions
from podium.channels.models import ChannelAccount, Network
from podium.outbox.models import Publication

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def account(bluesky_network, local_servers, erin) -> ChannelAccount:
    remote = bluesky_network.create_account()
    tokens = create_session(
        bluesky_network.pds_url, remote.handle, bluesky_network.create_app_password(remote)
    )
    return do_connect_account(
        erin,
        erin.person,
        Network.BLUESKY,
        handle=tokens.handle,
        instance_url=tokens.pds_url,
        remote_account_id=tokens.did,
        access_token=tokens.access_jwt,
        refresh_token=tokens.refresh_jwt,
        token_expires_at=tokens.expires_at,
        scopes=tokens.scope,
    )


def test_it_leaves_young_sessions_alone(account) -> None:
    before = account.refresh_token

    assert refresh_ageing_sessions()["renewed"] == 0

    account.refresh_from_db()
    assert account.refresh_token == before


def test_it_renews_a_session_that_runs_out_soon(account) -> None:
    before = account.refresh_token

    counts = refresh_ageing_sessions(within=dt.timedelta(days=365))

    account.refresh_from_db()
    assert counts == {"renewed": 1, "needs_reconnect": 0, "failed": 0}
    assert account.refresh_token != before
    assert account.status == ChannelAccount.Status.CONNECTED


def test_it_marks_an_account_whose_session_is_refused(account, make_publication) -> None:
    waiting = make_publication(account, state=Publication.State.SCHEDULED)
    account.refresh_token = "not-a-jwt"  # unreadable: treated as expiring, and refused
    account.save()

    counts = refresh_ageing_sessions()

    account.refresh_from_db()
    waiting.refresh_from_db()
    assert counts["needs_reconnect"] == 1
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert "Bluesky refused Podium's session" in account.status_reason
    assert waiting.state == Publication.State.HELD


def test_it_runs_as_a_daily_task(account) -> None:
    assert renew_bluesky_sessions.call_local() == {"renewed": 0, "needs_reconnect": 0, "failed": 0}
