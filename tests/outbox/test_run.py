"""Sending a claimed publication: what each answer of the network does to it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from podium.channels.base import AuthExpired, InvalidContent, OutcomeUnknown, RateLimited, Transient
from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from podium.notifications.models import Nudge
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from podium.publishing.models import Attachment
from tests.publishing.fakes import (  # noqa: F401 - the fixture is used by name
    ACCEPT_THEN_TIME_OUT,
    fake_network_fixture,
    make_publication,
)

State = Publication.State


def claim_and_run(publication: Publication) -> Publication:
    (claimed,) = outbox.claim_due("worker-1")
    assert claimed.pk == publication.pk
    outbox.run(claimed)
    publication.refresh_from_db()
    return publication


def test_it_sends_once_and_stores_the_remote_post(erin, fake_network):
    publication = make_publication(erin.person, thread=("Part two.",))

    publication = claim_and_run(publication)

    assert publication.state == State.SENT
    (call,) = fake_network.publish_calls()
    assert call.key == publication.idempotency_key
    assert [part.text for part in call.variant.parts] == ["Our new hotel opens today.", "Part two."]
    remote = fake_network.posts[publication.idempotency_key]
    assert publication.remote_id == remote.remote_id
    assert publication.remote_url == remote.url
    assert publication.remote_part_ids == list(remote.part_ids)
    assert publication.sent_at is not None
    assert publication.lease_until is None
    assert list(
        AuditEntry.objects.filter(target_id=str(publication.pk))
        .order_by("pk")
        .values_list("action", "via")
    ) == [("publication.claimed", "worker"), ("publication.sent", "worker")]
    assert outbox.claim_due("worker-2") == []


def test_it_sends_images_with_their_alt_text(erin, fake_network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    publication = make_publication(erin.person, thread=("Second part.",))
    Attachment.objects.create(
        variant=publication.variant,
        part=1,
        file=ContentFile(b"\x89PNG fake", name="lobby.png"),
        mime_type="image/png",
        size=9,
        alt_text="The hotel lobby at dawn",
    )

    claim_and_run(publication)

    (call,) = fake_network.publish_calls()
    first, second = call.variant.parts
    assert first.media == ()
    (media,) = second.media
    assert media.alt_text == "The hotel lobby at dawn"
    assert media.mime_type == "image/png"
    with open(media.path, "rb") as image:
        assert image.read() == b"\x89PNG fake"


def test_a_rate_limit_is_honoured_exactly(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(RateLimited("Too many requests", retry_after=137))

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        now = timezone.now()
        publication = claim_and_run(publication)

        assert publication.state == State.SCHEDULED
        assert publication.due_at == now + dt.timedelta(seconds=137)
        assert publication.error_kind == outbox.RATE_LIMITED
        assert "Rate-limited" in publication.waiting_reason
        assert publication.attempts == 0  # waiting for the network is not a failed attempt

        traveller.shift(136)
        assert outbox.claim_due("w") == []
        traveller.shift(1)
        (again,) = outbox.claim_due("w")
        outbox.run(again)

    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 2


def test_temporary_errors_back_off_longer_each_time_then_fail_with_the_reason(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(*[Transient("502 Bad Gateway")] * outbox.MAX_ATTEMPTS)
    delays = []
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(outbox.MAX_ATTEMPTS - 1):
            now = timezone.now()
            publication = claim_and_run(publication)
            assert publication.state == State.SCHEDULED
            assert publication.error_kind == outbox.TRANSIENT
            assert publication.last_error == "502 Bad Gateway"
            delays.append((publication.due_at - now).total_seconds())
            traveller.move_to(publication.due_at)
        publication = claim_and_run(publication)

    expected = [30, 120, 480, 1920, 3600]
    for delay, base in zip(delays, expected, strict=True):
        assert base * 0.9 <= delay <= base * 1.1
    assert delays == sorted(delays)
    assert publication.state == State.FAILED
    assert publication.last_error == (
        f"Gave up after {outbox.MAX_ATTEMPTS} attempts. Last error: 502 Bad Gateway"
    )
    assert len(fake_network.publish_calls()) == outbox.MAX_ATTEMPTS


def test_backoff_is_capped_at_an_hour():
    assert all(outbox.backoff_seconds(n) <= 3600 * 1.1 for n in range(1, 30))
    assert outbox.backoff_seconds(20) >= 3600 * 0.9


def test_an_expired_token_holds_the_post_and_marks_the_account(erin, fake_network):
    publication = make_publication(erin.person)
    other = make_publication(erin.person, due_in_seconds=3600, account=publication.channel_account)
    fake_network.next_publish(AuthExpired("The access token was revoked"))

    publication = claim_and_run(publication)

    account = ChannelAccount.objects.get(pk=publication.channel_account_id)
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert account.status_reason == "The access token was revoked"
    assert publication.state == State.HELD
    assert publication.error_kind == outbox.AUTH
    assert "needs reconnecting" in publication.waiting_reason
    assert publication.attempts == 0
    other.refresh_from_db()
    assert other.state == State.HELD  # everything else for the account waits too
    assert AuditEntry.objects.filter(action="channel.needs_reconnect", via="worker").exists()


def test_reconnecting_releases_what_the_expired_token_held(erin, fake_network):
    from podium.channels.actions import do_connect_account

    publication = make_publication(erin.person)
    fake_network.next_publish(AuthExpired("Token expired"))
    claim_and_run(publication)
    account = publication.channel_account

    do_connect_account(
        erin, erin.person, "mastodon", handle=account.handle, access_token="new-token"
    )

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    publication = claim_and_run(publication)
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 2


def test_a_due_post_on_an_account_that_needs_reconnecting_waits_without_a_call(erin, fake_network):
    publication = make_publication(erin.person)
    ChannelAccount.objects.filter(pk=publication.channel_account_id).update(
        status=ChannelAccount.Status.NEEDS_RECONNECT, status_reason="Token revoked"
    )

    publication = claim_and_run(publication)

    assert publication.state == State.HELD
    assert publication.waiting_reason == "Mastodon account needs reconnecting: Token revoked"
    assert fake_network.calls == []


def test_content_the_network_refuses_fails_with_its_message(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(InvalidContent("Validation failed: Text character limit of 500"))

    publication = claim_and_run(publication)

    assert publication.state == State.FAILED
    assert publication.error_kind == outbox.INVALID
    assert publication.last_error == "Validation failed: Text character limit of 500"
    entry = AuditEntry.objects.get(action="publication.failed")
    assert entry.after == {
        "state": "failed",
        "reason": "Validation failed: Text character limit of 500",
    }
    (told,) = Nudge.objects.filter(user=erin, kind=Nudge.Kind.PUBLICATION_FAILED)
    assert "character limit of 500" in told.message


def test_a_timeout_after_sending_is_unknown_and_reconciled_without_sending_again(
    erin, fake_network
):
    publication = make_publication(erin.person)
    fake_network.next_publish(ACCEPT_THEN_TIME_OUT)

    publication = claim_and_run(publication)
    assert publication.state == State.UNKNOWN
    assert outbox.claim_due("w") == []  # nothing resends an unknown

    assert outbox.reconcile(publication, "w") == State.SENT

    publication.refresh_from_db()
    assert publication.remote_id == fake_network.posts[publication.idempotency_key].remote_id
    assert len(fake_network.publish_calls()) == 1
    assert len(fake_network.find_calls()) == 1


def test_an_unexpected_error_while_sending_is_treated_as_unknown(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(ConnectionResetError("Connection reset by peer"))

    publication = claim_and_run(publication)

    assert publication.state == State.UNKNOWN
    assert "Connection reset by peer" in publication.last_error


def test_outcome_unknown_then_not_found_sends_exactly_once_more(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(OutcomeUnknown("Read timed out"))  # and nothing was kept

    claim_and_run(publication)
    assert outbox.reconcile(publication, "w") == State.SCHEDULED
    publication = claim_and_run(publication)

    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 2
    assert len(fake_network.posts) == 1


def test_when_the_network_cannot_answer_the_publication_stays_unknown(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(OutcomeUnknown("Read timed out"))
    claim_and_run(publication)
    fake_network.next_find(Transient("503 Service Unavailable"))

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert outbox.reconcile(publication, "w") == State.UNKNOWN
        publication.refresh_from_db()
        assert "503" in publication.last_error
        assert outbox.reconcile_unknown("w") == 0  # not asked again at once
        traveller.shift(outbox.LEASE_SECONDS + 1)
        assert outbox.reconcile_unknown("w") == 1

    publication.refresh_from_db()
    assert publication.state == State.SCHEDULED
    assert len(fake_network.publish_calls()) == 1


def test_a_worker_that_dies_after_sending_leaves_nothing_to_send_twice(erin, fake_network):
    """The post went out but the worker died before recording it: found → sent, no resend."""
    publication = make_publication(erin.person)
    (claimed,) = outbox.claim_due("doomed", lease_seconds=60)
    fake_network.publish(
        claimed.channel_account_id, outbox.build_variant(claimed), claimed.idempotency_key
    )

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        result = outbox.sweep("rescuer")

    assert result == {"released": 1, "reconciled": 1, "sent": 0}
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 1
    actions = list(
        AuditEntry.objects.filter(target_id=str(publication.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["publication.claimed", "publication.unknown", "publication.sent"]


def test_a_worker_that_dies_before_sending_gets_it_sent_once(erin, fake_network):
    publication = make_publication(erin.person)
    outbox.claim_due("doomed", lease_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        result = outbox.sweep("rescuer")

    assert result == {"released": 1, "reconciled": 1, "sent": 1}
    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 1
    assert len(fake_network.find_calls()) == 1


def test_a_late_answer_from_a_worker_whose_lease_ran_out_sends_nothing(erin, fake_network):
    make_publication(erin.person)
    (claimed,) = outbox.claim_due("slow", lease_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        assert outbox.run(claimed) == State.CLAIMED  # the lease is gone: no call is made

    assert fake_network.calls == []


def test_a_lease_half_gone_is_renewed_and_the_post_still_goes_out(erin, fake_network):
    publication = make_publication(erin.person)
    (claimed,) = outbox.claim_due("slow", lease_seconds=60)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=45)):
        assert outbox.run(claimed, lease_seconds=60) == State.SENT

    publication.refresh_from_db()
    assert publication.state == State.SENT
    assert len(fake_network.publish_calls()) == 1


def test_an_outcome_that_cannot_be_confirmed_for_a_day_fails_visibly(erin, fake_network):
    publication = make_publication(erin.person)
    fake_network.next_publish(OutcomeUnknown("Read timed out"))
    claim_and_run(publication)
    fake_network.next_find(Transient("503 Service Unavailable"))

    later = publication.due_at + dt.timedelta(seconds=outbox.UNKNOWN_GIVE_UP_SECONDS + 1)
    with time_machine.travel(later):
        assert outbox.reconcile(publication, "w") == State.FAILED

    publication.refresh_from_db()
    assert "could not confirm with Mastodon" in publication.last_error
    assert "503 Service Unavailable" in publication.last_error
    assert len(fake_network.publish_calls()) == 1


def test_one_pass_settles_more_unknown_rows_than_one_batch(erin, fake_network):
    """A killed worker can leave many rows unknown; one sweep asks about all of them."""
    count = outbox.CLAIM_BATCH * 2 + 5
    for n in range(count):
        make_publication(erin.person, text=f"Post {n} of the night shift.", state=State.UNKNOWN)

    assert outbox.reconcile_unknown("w") == count

    assert not Publication.objects.filter(state=State.UNKNOWN).exists()
    assert len(fake_network.find_calls()) == count
    assert fake_network.publish_calls() == []
