"""The outbox end to end with the real Mastodon connector against a mastodon-mock server."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from mastodon import Mastodon

from podium.channels.mastodon.connector import MastodonConnector
from podium.channels.models import ChannelAccount
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from tests.publishing.fakes import make_publication
from tests.servers.fixtures import mastodon_server  # noqa: F401 - registers the fixture

pytestmark = [pytest.mark.servers, pytest.mark.django_db]
State = Publication.State
STATUSES = "^/api/v1/statuses$"


@pytest.fixture
def mastodon(request):
    """The session's mastodon-mock server (tests.servers.fixtures.mastodon_server)."""
    return request.getfixturevalue("mastodon_server")


@pytest.fixture
def account(erin, mastodon, settings):
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True  # the server is on 127.0.0.1
    user = mastodon.create_user()
    return ChannelAccount.objects.create(
        person=erin.person,
        network="mastodon",
        handle=f"@{user.username}@127.0.0.1",
        instance_url=mastodon.base_url,
        remote_account_id=user.id,
        access_token=user.access_token,
        status=ChannelAccount.Status.CONNECTED,
    )


def statuses(mastodon, account) -> list[dict]:
    reader = Mastodon(access_token=account.access_token, api_base_url=mastodon.base_url)
    return reader.account_statuses(account.remote_account_id)


def test_the_sweep_publishes_a_due_thread_once(erin, mastodon, account):
    publication = make_publication(
        erin.person, account=account, text="We open in Lisbon today.", thread=("Photos soon.",)
    )

    assert outbox.sweep("worker")["sent"] == 1

    publication.refresh_from_db()
    on_server = statuses(mastodon, account)
    assert publication.state == State.SENT
    assert sorted(publication.remote_part_ids) == sorted(str(s["id"]) for s in on_server)
    assert publication.remote_url == next(
        s["url"] for s in on_server if str(s["id"]) == publication.remote_id
    )
    assert outbox.sweep("worker")["sent"] == 0


def test_a_server_error_is_retried_later_and_posts_once(erin, mastodon, account):
    publication = make_publication(erin.person, account=account)

    with mastodon.fault(path_regex=STATUSES, methods=["POST"], status=503, count=1):
        outbox.sweep("worker")
    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert publication.error_kind == outbox.TRANSIENT

    with time_machine.travel(publication.due_at + dt.timedelta(seconds=1)):
        outbox.sweep("worker")

    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(statuses(mastodon, account)) == 1


def test_a_rate_limit_waits_as_long_as_the_server_says(erin, mastodon, account):
    publication = make_publication(erin.person, account=account)

    with (
        mastodon.fault(path_regex=STATUSES, methods=["POST"], type="ratelimit", count=1),
        time_machine.travel(timezone.now(), tick=False),
    ):
        now = timezone.now()
        outbox.sweep("worker")

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert publication.error_kind == outbox.RATE_LIMITED
    assert publication.due_at > now
    assert statuses(mastodon, account) == []


def test_a_revoked_token_holds_the_post_until_the_account_is_reconnected(erin, mastodon, account):
    publication = make_publication(erin.person, account=account)
    ChannelAccount.objects.filter(pk=account.pk).update(access_token="revoked")

    outbox.sweep("worker")

    publication.refresh_from_db()
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert publication.state == State.HELD
    assert publication.waiting_reason.startswith("Mastodon account needs reconnecting")


def test_a_worker_killed_after_the_post_went_out_never_posts_it_again(erin, mastodon, account):
    publication = make_publication(erin.person, account=account, text="Exactly once.")
    (claimed,) = outbox.claim_due("doomed", lease_seconds=60)
    # The worker sent the post, then died before it could record the answer.
    MastodonConnector(claimed.channel_account).publish(
        outbox.build_variant(claimed), claimed.idempotency_key
    )

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        result = outbox.sweep("rescuer")

    assert result["released"] == 1
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(statuses(mastodon, account)) == 1


def test_a_worker_killed_before_sending_gets_it_posted_once(erin, mastodon, account):
    publication = make_publication(erin.person, account=account, text="Once, after a crash.")
    outbox.claim_due("doomed", lease_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        result = outbox.sweep("rescuer")

    assert result == {"released": 1, "reconciled": 1, "sent": 1}
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(statuses(mastodon, account)) == 1
