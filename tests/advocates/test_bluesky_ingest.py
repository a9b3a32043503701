"""Reading engagement from Bluesky: a real local network (PLC, PDS and AppView) where readers
like, repost, reply, quote and follow; the AppView indexes it before Podium reads."""

from __future__ import annotations

import uuid

import pytest
from atproto import Client, models
from django.utils import timezone

from podium.advocates import ingest
from podium.advocates.models import Cursor, EngagementEvent
from podium.channels.actions import do_connect_account
from podium.channels.base import Part, Variant
from podium.channels.bluesky.connector import BlueskyConnector
from podium.channels.bluesky.session import create_session
from podium.channels.models import ChannelAccount, Network
from podium.outbox.models import Publication

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def net(bluesky_appview_network):
    return bluesky_appview_network


@pytest.fixture
def account(net, local_servers, erin) -> ChannelAccount:
    remote = net.create_account()
    tokens = create_session(net.pds_url, remote.handle, net.create_app_password(remote))
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


def reader(net) -> Client:
    person = net.create_account()
    client = Client(base_url=net.pds_url)
    client.login(person.handle, person.password)
    return client


def sent_post(account, make_publication, text: str) -> Publication:
    remote = BlueskyConnector(account).publish(Variant(parts=(Part(text),)), uuid.uuid4().hex)
    publication = make_publication(account, state=Publication.State.SENT, text=text)
    Publication.objects.filter(pk=publication.pk).update(
        remote_id=remote.remote_id,
        remote_url=remote.url,
        remote_part_ids=list(remote.part_ids),
        sent_at=timezone.now(),
    )
    publication.refresh_from_db()
    return publication


def test_it_reads_likes_reposts_replies_quotes_and_follows(net, account, make_publication, erin):
    post = sent_post(account, make_publication, "What a year of listening taught us.")
    fan, other = reader(net), reader(net)
    root = models.ComAtprotoRepoStrongRef.Main(uri=post.remote_id, cid=_cid(fan, post.remote_id))
    fan.like(root.uri, root.cid)
    fan.repost(root.uri, root.cid)
    fan.follow(account.remote_account_id)
    other.send_post(
        "Thank you for this!", reply_to=models.AppBskyFeedPost.ReplyRef(parent=root, root=root)
    )
    other.send_post("Worth reading:", embed=models.AppBskyEmbedRecord.Main(record=root))
    net.process_all()

    outcomes = ingest.read_account(account)

    assert [o.error for o in outcomes] == ["", ""]
    found = sorted(EngagementEvent.objects.values_list("kind", "account__handle"))
    assert found == sorted(
        [
            ("like", fan.me.handle),
            ("repost", fan.me.handle),
            ("follow", fan.me.handle),
            ("reply", other.me.handle),
            ("quote", other.me.handle),
        ]
    )
    events = EngagementEvent.objects.exclude(kind="follow")
    assert {e.publication_id for e in events} == {post.pk}
    assert {e.person_id for e in EngagementEvent.objects.all()} == {erin.person.pk}
    assert EngagementEvent.objects.get(kind="reply").text == "Thank you for this!"

    # Read again, from both calls: nothing new.
    again = ingest.read_account(account)
    assert all(o.stored is None or o.stored.added == 0 for o in again)
    assert EngagementEvent.objects.count() == 5
    cursor = Cursor.objects.get(channel_account=account, source=Cursor.Source.NOTIFICATIONS)
    assert cursor.position


def _cid(client: Client, uri: str) -> str:
    did, collection, rkey = uri.removeprefix("at://").split("/")
    record = client.com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(repo=did, collection=collection, rkey=rkey)
    )
    return str(record.cid)
