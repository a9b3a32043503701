"""Reading engagement from Mastodon (a real mastodon-mock server): likes, reblogs, replies,
mentions and follows become events, once, with the executive and the post they concern."""

from __future__ import annotations

import pytest
from django.utils import timezone
from mastodon import Mastodon

from podium.advocates import ingest
from podium.advocates.models import Cursor, EngagementEvent, RemoteAccount
from podium.channels.base import Part, Variant
from podium.channels.mastodon.connector import MastodonConnector
from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from podium.outbox.models import Publication

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def account(erin, mastodon_server, local_servers):
    user = mastodon_server.create_user()
    return ChannelAccount.objects.create(
        person=erin.person,
        network="mastodon",
        handle=f"@{user.username}@127.0.0.1",
        instance_url=mastodon_server.base_url,
        remote_account_id=user.id,
        access_token=user.access_token,
        status=ChannelAccount.Status.CONNECTED,
    )


def client_of(mastodon_server, user) -> Mastodon:
    return Mastodon(access_token=user.access_token, api_base_url=mastodon_server.base_url)


def sent_post(account, make_publication, text: str) -> Publication:
    """A post Podium sent to the account, as the outbox records it."""
    remote = MastodonConnector(account).publish(Variant(parts=(Part(text),)), text[:20])
    publication = make_publication(account, state=Publication.State.SENT, text=text)
    Publication.objects.filter(pk=publication.pk).update(
        remote_id=remote.remote_id,
        remote_url=remote.url,
        remote_part_ids=list(remote.part_ids),
        sent_at=timezone.now(),
    )
    publication.refresh_from_db()
    return publication


def test_it_stores_likes_reblogs_replies_and_follows(
    mastodon_server, account, make_publication, erin
):
    post = sent_post(account, make_publication, "Our guests taught us to listen first.")
    fan = mastodon_server.create_user(display_name="Nadia Fan")
    other = mastodon_server.create_user(display_name="Omar Reader")
    fan_client = client_of(mastodon_server, fan)
    fan_client.status_favourite(post.remote_id)
    fan_client.status_reblog(post.remote_id)
    fan_client.account_follow(account.remote_account_id)
    client_of(mastodon_server, other).status_post(
        "So true, thank you!", in_reply_to_id=post.remote_id
    )

    outcomes = ingest.read_account(account)

    assert [o.error for o in outcomes] == ["", ""]
    events = EngagementEvent.objects.select_related("account")
    kinds = sorted((e.kind, e.account.display_name) for e in events)
    assert kinds == [
        ("follow", "Nadia Fan"),
        ("like", "Nadia Fan"),
        ("reply", "Omar Reader"),
        ("repost", "Nadia Fan"),
    ]
    assert {e.person_id for e in events} == {erin.person.pk}
    assert {e.publication_id for e in events if e.kind != "follow"} == {post.pk}
    reply = events.get(kind="reply")
    assert reply.text == "So true, thank you!"
    like = events.get(kind="like")
    assert like.time_known, "the notification says when the like happened"
    assert RemoteAccount.objects.count() == 2
    entry = AuditEntry.objects.filter(action="advocates.events_stored").first()
    assert entry is not None and entry.after["added"] >= 1


def test_reading_twice_adds_nothing(mastodon_server, account, make_publication):
    post = sent_post(account, make_publication, "A second letter to our guests.")
    fan = mastodon_server.create_user(display_name="Pia Twice")
    client_of(mastodon_server, fan).status_favourite(post.remote_id)
    ingest.read_account(account)
    first = EngagementEvent.objects.count()

    outcomes = ingest.read_account(account)

    assert EngagementEvent.objects.count() == first == 1
    assert all(o.stored is None or o.stored.added == 0 for o in outcomes)
    cursor = Cursor.objects.get(channel_account=account, source=Cursor.Source.NOTIFICATIONS)
    assert cursor.position, "the newest notification read is kept"


def test_a_new_like_after_the_cursor_is_read(mastodon_server, account, make_publication):
    post = sent_post(account, make_publication, "A third letter.")
    ingest.read_account(account)
    fan = mastodon_server.create_user(display_name="Quinn Later")
    client_of(mastodon_server, fan).status_favourite(post.remote_id)

    ingest.read_notifications(account)

    assert list(EngagementEvent.objects.values_list("kind", "account__display_name")) == [
        ("like", "Quinn Later")
    ]


def test_a_rate_limit_waits_as_the_instance_says(mastodon_server, account, make_publication):
    post = sent_post(account, make_publication, "A fourth letter.")
    fan = mastodon_server.create_user(display_name="Rita Limit")
    client_of(mastodon_server, fan).status_favourite(post.remote_id)
    with mastodon_server.fault(path="/api/v1/notifications", type="ratelimit", count=1):
        outcome = ingest.read_notifications(account)

    assert outcome.waited and not EngagementEvent.objects.exists()
    cursor = Cursor.objects.get(channel_account=account, source=Cursor.Source.NOTIFICATIONS)
    assert cursor.not_before is not None and cursor.not_before > timezone.now()
    # Until then nothing is asked, even though the instance would answer now.
    assert ingest.read_notifications(account).waited
    assert not EngagementEvent.objects.exists()

    Cursor.objects.filter(pk=cursor.pk).update(not_before=timezone.now())
    assert ingest.read_notifications(account).stored.added == 1


def test_a_revoked_token_marks_the_account(mastodon_server, account):
    with mastodon_server.fault(path="/api/v1/notifications", status=401, count=1):
        outcome = ingest.read_notifications(account)

    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert "401" in outcome.error


def test_the_periodic_task_reads_every_account(mastodon_server, account, make_publication):
    from podium.advocates.tasks import read_engagement

    post = sent_post(account, make_publication, "A fifth letter.")
    fan = mastodon_server.create_user(display_name="Tess Task")
    client_of(mastodon_server, fan).status_reblog(post.remote_id)

    read_engagement.call_local()

    assert list(EngagementEvent.objects.values_list("kind", flat=True)) == ["repost"]


def test_what_was_read_before_a_rate_limit_is_kept(mastodon_server, account, make_publication):
    first = sent_post(account, make_publication, "A sixth letter.")
    second = sent_post(account, make_publication, "A seventh letter.")
    fan = mastodon_server.create_user(display_name="Uma Half")
    client_of(mastodon_server, fan).status_favourite(first.remote_id)
    client_of(mastodon_server, fan).status_favourite(second.remote_id)
    # The newer post is read first; the older one's likes hit the limit.
    with mastodon_server.fault(
        path=f"/api/v1/statuses/{first.remote_id}/favourited_by", type="ratelimit", count=1
    ):
        outcome = ingest.read_recent_posts(account)

    assert outcome.waited and outcome.stored.added == 1
    assert EngagementEvent.objects.get().publication == second
    cursor = Cursor.objects.get(channel_account=account, source=Cursor.Source.POSTS)
    assert cursor.not_before is not None and "rate limit" in cursor.last_error
