"""The outbox sending to Bluesky: a due publication goes out once, with its link stored."""

from __future__ import annotations

import pytest
from atproto import Client, models

from podium.channels.actions import do_connect_account
from podium.channels.bluesky import tid
from podium.channels.bluesky.connector import POST, BlueskyConnector
from podium.channels.bluesky.session import create_session
from podium.channels.models import Network
from podium.outbox import public as outbox
from podium.outbox.models import Publication

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def account(bluesky_network, local_servers, erin):
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


def posts_of(network, did: str) -> list[str]:
    listed = Client(base_url=network.pds_url).com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=did, collection=POST)
    )
    return [record.value.text for record in listed.records]


def test_it_sends_a_due_thread_once_and_stores_where_it_went(
    bluesky_network, account, make_publication
) -> None:
    publication = make_publication(account, state=Publication.State.SCHEDULED, text="1/ Hello")
    publication.variant.thread = ["2/ And more"]
    publication.variant.save()

    outbox.publish_due("test-worker", budget_seconds=30)
    publication.refresh_from_db()

    assert publication.state == Publication.State.SENT
    assert publication.remote_url.startswith(
        f"https://bsky.app/profile/{account.remote_account_id}"
    )
    assert len(publication.remote_part_ids) == 2
    assert sorted(posts_of(bluesky_network, account.remote_account_id)) == [
        "1/ Hello",
        "2/ And more",
    ]


def test_it_finishes_a_thread_cut_short_when_the_outcome_was_unknown(
    bluesky_network, account, make_publication
) -> None:
    publication = make_publication(account, state=Publication.State.UNKNOWN, text="1/ Hello")
    publication.variant.thread = ["2/ And more"]
    publication.variant.save()
    connector = BlueskyConnector(account)
    variant = outbox.build_variant(publication)
    first_rkey = tid.for_part(publication.idempotency_key, 0)
    connector._create(first_rkey, connector._record(variant, variant.parts[0], 0, []))

    outbox.reconcile(publication, "test-worker")
    publication.refresh_from_db()
    assert publication.state == Publication.State.SCHEDULED  # not "sent" with half a thread

    outbox.publish_due("test-worker", budget_seconds=30)
    publication.refresh_from_db()

    assert publication.state == Publication.State.SENT
    assert publication.remote_part_ids[0].endswith(first_rkey)
    assert sorted(posts_of(bluesky_network, account.remote_account_id)) == [
        "1/ Hello",
        "2/ And more",
    ]
