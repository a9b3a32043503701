"""The Mastodon connector against a real mastodon-mock server: posts, media, threads, faults."""

from __future__ import annotations

import datetime as dt
import io
import time
import uuid

import pytest
from django.core import mail
from mastodon import Mastodon
from PIL import Image

from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.base import (
    AuthExpired,
    Expected,
    InvalidContent,
    Media,
    OutcomeUnknown,
    Part,
    RateLimited,
    Transient,
    Variant,
)
from podium.channels.mastodon.connector import MastodonConnector, status_text
from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from podium.outbox.reconciling import expected_of

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


def reader(mastodon_server, account) -> Mastodon:
    return Mastodon(access_token=account.access_token, api_base_url=mastodon_server.base_url)


def own_statuses(mastodon_server, account) -> list:
    return reader(mastodon_server, account).account_statuses(account.remote_account_id)


def sought(variant: Variant, with_key: str = "") -> Expected:
    """What find() is told to look for when `variant` was sent."""
    texts = tuple(part.text for part in variant.parts)
    return Expected(key=with_key or key(), texts=texts, link=variant.link)


def key() -> str:
    return uuid.uuid4().hex


def png(tmp_path) -> Media:
    path = tmp_path / f"{key()}.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 20)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return Media(
        path=str(path), mime_type="image/png", size=path.stat().st_size, alt_text="A red square"
    )


def test_it_publishes_text(mastodon_server, account):
    remote = MastodonConnector(account).publish(
        Variant(parts=(Part("Our quarterly letter is out."),)), key()
    )

    [status] = own_statuses(mastodon_server, account)
    assert remote.remote_id == str(status["id"])
    assert remote.url == status["url"]
    assert status_text(status["content"]) == "Our quarterly letter is out."
    assert status["visibility"] == "public"


def test_it_publishes_an_image_with_its_alt_text(mastodon_server, account, tmp_path):
    image = png(tmp_path)
    MastodonConnector(account).publish(
        Variant(parts=(Part("The new lobby", media=(image,)),)), key()
    )

    [status] = own_statuses(mastodon_server, account)
    [attachment] = status["media_attachments"]
    assert attachment["type"] == "image"
    assert attachment["description"] == "A red square"


def test_it_publishes_a_content_warning_and_visibility(mastodon_server, account):
    MastodonConnector(account).publish(
        Variant(
            parts=(Part("Results discussion inside"),),
            content_warning="Finance talk",
            visibility="unlisted",
        ),
        key(),
    )

    [status] = own_statuses(mastodon_server, account)
    assert status["spoiler_text"] == "Finance talk"
    assert status["visibility"] == "unlisted"


def test_it_publishes_a_thread_each_part_replying_to_the_one_before(mastodon_server, account):
    remote = MastodonConnector(account).publish(
        Variant(parts=(Part("1/3 Why we build"), Part("2/3 Whom for"), Part("3/3 What next"))),
        key(),
    )

    client = reader(mastodon_server, account)
    parts = [client.status(part_id) for part_id in remote.part_ids]
    assert [status_text(s["content"]) for s in parts] == [
        "1/3 Why we build",
        "2/3 Whom for",
        "3/3 What next",
    ]
    assert parts[0]["in_reply_to_id"] is None
    assert str(parts[1]["in_reply_to_id"]) == remote.part_ids[0]
    assert str(parts[2]["in_reply_to_id"]) == remote.part_ids[1]
    assert remote.remote_id == remote.part_ids[0]


def test_it_adds_the_link_to_the_first_part(mastodon_server, account):
    MastodonConnector(account).publish(
        Variant(parts=(Part("Read the letter"),), link="https://example.com/letter"), key()
    )

    [status] = own_statuses(mastodon_server, account)
    assert "https://example.com/letter" in status_text(status["content"])


def test_it_posts_once_when_published_twice_with_the_same_key(mastodon_server, account):
    variant = Variant(parts=(Part("Only once"), Part("and its reply once")))
    same = key()

    first = MastodonConnector(account).publish(variant, same)
    again = MastodonConnector(account).publish(variant, same)

    assert again == first
    assert len(own_statuses(mastodon_server, account)) == 2


def test_it_finishes_a_thread_cut_short_without_repeating_the_parts_already_sent(
    mastodon_server, account
):
    variant = Variant(parts=(Part("Part one"), Part("Part two"), Part("Part three")))
    same = key()
    connector = MastodonConnector(account)
    cut_short = connector.publish(Variant(parts=variant.parts[:2]), same)  # then the worker died

    remote = connector.publish(variant, same)

    client = reader(mastodon_server, account)
    assert len(own_statuses(mastodon_server, account)) == 3
    assert remote.part_ids[:2] == cut_short.part_ids
    assert str(client.status(remote.part_ids[2])["in_reply_to_id"]) == remote.part_ids[1]


def test_it_finds_a_published_thread_and_nothing_for_an_unused_key(mastodon_server, account):
    variant = Variant(parts=(Part("Found me"), Part("and my reply")))
    connector = MastodonConnector(account)
    remote = connector.publish(variant, key())

    assert connector.find(sought(variant)) == remote
    assert connector.find(sought(Variant(parts=(Part("Never sent"),)))) is None


def test_it_finds_what_a_publication_sent_from_its_key_alone(
    mastodon_server, account, make_publication
):
    publication = make_publication(
        account, state=Publication.State.UNKNOWN, text="Sent, answer lost"
    )
    connector = MastodonConnector(account)
    remote = connector.publish(
        Variant(parts=(Part("Sent, answer lost"),)), publication.idempotency_key
    )

    assert connector.find(expected_of(publication)) == remote


def test_it_reports_a_revoked_token_as_auth_expired_and_the_account_is_held(
    mastodon_server, account, make_publication, django_capture_on_commit_callbacks
):
    scheduled = make_publication(account, state=Publication.State.SCHEDULED)
    account.access_token = "revoked-token"
    account.save()

    with pytest.raises(AuthExpired) as raised:
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())
    with django_capture_on_commit_callbacks(execute=True):
        do_mark_needs_reconnect(account, raised.value.message)

    account.refresh_from_db()
    scheduled.refresh_from_db()
    assert "401" in raised.value.message
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert scheduled.state == Publication.State.HELD
    assert scheduled.waiting_reason.startswith("Mastodon account needs reconnecting: ")
    assert len(mail.outbox) == 1


def test_it_reports_a_401_fault_as_auth_expired(mastodon_server, account):
    with (
        mastodon_server.fault(
            path_regex="^/api/v1/statuses$",
            methods=["POST"],
            status=401,
            count=1,
            body={"error": "The access token is invalid"},
        ),
        pytest.raises(AuthExpired) as raised,
    ):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())
    assert "The access token is invalid" in raised.value.message


def test_it_reports_a_rate_limit_with_when_to_try_again(mastodon_server, account):
    with (
        mastodon_server.fault(
            path_regex="^/api/v1/statuses$", methods=["POST"], type="ratelimit", count=1
        ),
        pytest.raises(RateLimited) as raised,
    ):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())

    assert raised.value.retry_after is not None
    assert 0 < raised.value.retry_after <= 3600
    assert own_statuses(mastodon_server, account) == []


@pytest.mark.parametrize("status", [500, 502, 503])
def test_it_reports_a_server_failure_as_transient(mastodon_server, account, status):
    with (
        mastodon_server.fault(
            path_regex="^/api/v1/statuses$", methods=["POST"], status=status, count=1
        ),
        pytest.raises(Transient),
    ):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())


def test_it_reports_a_refused_connection_as_transient(account):
    account.instance_url = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(Transient):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())


def test_it_reports_what_the_instance_refuses_as_invalid_content(mastodon_server, account):
    with (
        mastodon_server.fault(
            path_regex="^/api/v1/statuses$",
            methods=["POST"],
            status=422,
            count=1,
            body={"error": "Validation failed: Text is too long"},
        ),
        pytest.raises(InvalidContent) as raised,
    ):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())
    assert "Validation failed: Text is too long" in raised.value.message


def test_it_refuses_to_send_what_it_knows_is_too_long(account):
    account.max_chars = 20
    with pytest.raises(InvalidContent):
        MastodonConnector(account).publish(Variant(parts=(Part("x" * 21),)), key())


def test_it_reports_no_answer_after_sending_as_unknown_and_a_retry_posts_once(
    mastodon_server, account, monkeypatch
):
    monkeypatch.setattr("podium.channels.mastodon.client.TIMEOUT", (5.0, 0.5))
    variant = Variant(parts=(Part("Sent into the silence"),))
    same = key()
    with mastodon_server.fault(
        path_regex="^/api/v1/statuses$", methods=["POST"], type="latency", delay_ms=1500, count=1
    ):
        with pytest.raises(OutcomeUnknown):
            MastodonConnector(account).publish(variant, same)
        time.sleep(1.5)  # the instance finishes the request it was holding

    monkeypatch.setattr("podium.channels.mastodon.client.TIMEOUT", (5.0, 30.0))
    connector = MastodonConnector(account)
    found = connector.find(sought(variant, same))
    remote = connector.publish(variant, same)

    assert [str(s["id"]) for s in own_statuses(mastodon_server, account)] == [remote.remote_id]
    assert found in (None, remote)


def test_it_reports_an_unreadable_answer_to_a_post_as_unknown(mastodon_server, account):
    with (
        mastodon_server.fault(
            path_regex="^/api/v1/statuses$", methods=["POST"], type="malformed", count=1
        ),
        pytest.raises(OutcomeUnknown),
    ):
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())


def test_it_counts_links_as_23_and_remote_mentions_by_their_user_name():
    connector = MastodonConnector(None)

    assert connector.count("Read https://example.com/" + "a" * 80) == len("Read ") + 23
    assert connector.count("Thanks @maria@social.example!") == len("Thanks @maria!")


def test_it_validates_against_the_instance_limit_and_warns_about_missing_alt_text(account):
    account.max_chars = 1000
    image = Media(path="/nonexistent.png", mime_type="image/png", size=1000)
    long_ok = Variant(parts=(Part("x" * 900, media=(image,)),))

    problems = MastodonConnector(account).validate(long_ok)
    too_long = MastodonConnector(None).validate(long_ok)

    assert [(p.blocking, "alt text" in p.message) for p in problems] == [(False, True)]
    assert any(p.blocking and "500" in p.message for p in too_long)


def test_it_counts_the_content_warning_within_the_limit():
    variant = Variant(parts=(Part("x" * 480),), content_warning="y" * 30)

    [problem] = MastodonConnector(None).validate(variant)

    assert problem.blocking
    assert "content warning" in problem.message


def test_it_refuses_an_unknown_visibility():
    [problem] = MastodonConnector(None).validate(
        Variant(parts=(Part("Hello"),), visibility="everyone")
    )
    assert "visibility" in problem.message


def test_it_reads_who_liked_and_boosted_a_post(mastodon_server, account):
    remote = MastodonConnector(account).publish(Variant(parts=(Part("Like me"),)), key())
    fan = mastodon_server.create_user()
    fan_client = Mastodon(access_token=fan.access_token, api_base_url=mastodon_server.base_url)
    fan_client.status_favourite(remote.remote_id)
    fan_client.status_reblog(remote.remote_id)

    events = list(
        MastodonConnector(account).engagement(remote, since=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    )

    # Actors are named by their URI (the same from every instance), shown by their handle.
    assert sorted((e.kind, e.actor_handle) for e in events) == [
        ("like", f"@{fan.username}@127.0.0.1"),
        ("repost", f"@{fan.username}@127.0.0.1"),
    ]
    assert all(e.actor_id.endswith(fan.username) for e in events)
    assert all(e.remote_post_id == remote.remote_id for e in events)


def test_it_finds_a_post_with_a_remote_mention(mastodon_server, account):
    variant = Variant(parts=(Part("Great panel with @maria@social.example today"),))
    connector = MastodonConnector(account)
    remote = connector.publish(variant, key())

    assert connector.find(sought(variant)) == remote


def test_it_refuses_an_instance_on_a_private_address(mastodon_server, account, settings):
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False

    with pytest.raises(InvalidContent) as raised:
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())

    assert "private or reserved" in raised.value.message
    assert own_statuses(mastodon_server, account) == []


def test_it_checks_the_address_each_connection_actually_dials(
    mastodon_server, account, settings, monkeypatch
):
    # As if DNS had answered with a public address when checked and a private one when dialled.
    monkeypatch.setattr("podium.channels.mastodon.client.check_public", lambda url: None)
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False

    with pytest.raises(InvalidContent) as raised:
        MastodonConnector(account).publish(Variant(parts=(Part("Hello"),)), key())

    assert "127.0.0.1, a private or reserved address" in raised.value.message
    assert own_statuses(mastodon_server, account) == []
