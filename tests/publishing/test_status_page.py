"""The post status page: where each network stands, who sees it, who may retry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from tests.conftest import PASSWORD
from tests.publishing.fakes import fake_network_fixture, make_publication  # noqa: F401

State = Publication.State


def page(client, user, publication):
    client.login(email=user.email, password=PASSWORD)
    return client.get(reverse("publishing-show-post", args=[publication.post_id]))


def account(person, network, **fields):
    return ChannelAccount.objects.create(
        person=person,
        network=network,
        handle=f"{person.slug}-{network}",
        status=fields.pop("status", ChannelAccount.Status.CONNECTED),
        **fields,
    )


@pytest.fixture
def failed(erin):
    return make_publication(
        erin.person,
        state=State.FAILED,
        error_kind=outbox.INVALID,
        last_error="Validation failed: Text character limit of 500 exceeded",
    )


def test_it_shows_a_sent_post_with_a_link_to_it(client, erin):
    publication = make_publication(
        erin.person,
        state=State.SENT,
        remote_id="1099",
        remote_url="https://social.example/@erin/1099",
        sent_at=timezone.now(),
    )

    response = page(client, erin, publication)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sent" in html
    assert 'href="https://social.example/@erin/1099"' in html
    assert "Our new hotel opens today." in html
    assert "hx-trigger" not in html  # nothing in flight: no polling


def test_a_remote_url_that_is_not_http_is_not_linked(client, erin):
    publication = make_publication(
        erin.person, state=State.SENT, remote_url="javascript:alert(1)", sent_at=timezone.now()
    )

    assert "javascript:" not in page(client, erin, publication).content.decode()


def test_a_waiting_post_says_when_in_the_executives_timezone(client, erin):
    erin.person.timezone = "America/New_York"
    erin.person.save()
    publication = make_publication(erin.person, due_in_seconds=3600)
    due = dt.datetime(2031, 1, 14, 14, 30, tzinfo=dt.UTC)  # 09:30 in New York
    Publication.objects.filter(pk=publication.pk).update(due_at=due)

    html = page(client, erin, publication).content.decode()

    assert "Scheduled for Tue 14 Jan 2031, 09:30 (America/New_York)" in html
    assert 'hx-trigger="every 3s"' in html
    assert reverse("publishing-show-post-status", args=[publication.post_id]) in html


def test_it_says_why_a_post_waits(client, erin):
    held = make_publication(erin.person, state=State.HELD, hold=Publication.Hold.EXECUTIVE_APPROVAL)
    bluesky = account(
        erin.person,
        "bluesky",
        status=ChannelAccount.Status.NEEDS_RECONNECT,
        status_reason="The app password was revoked",
    )
    reconnect = make_publication(erin.person, account=bluesky, due_in_seconds=600)
    x = account(erin.person, "x")
    limited = make_publication(
        erin.person,
        account=x,
        error_kind=outbox.RATE_LIMITED,
        due_in_seconds=900,
    )

    client.login(email=erin.email, password=PASSWORD)
    for publication, words in [
        (held, "Waiting for your approval"),
        (reconnect, "The Bluesky account needs reconnecting: The app password was revoked"),
        (limited, "Rate-limited by X until"),
    ]:
        html = client.get(reverse("publishing-show-post", args=[publication.post_id])).content
        assert words in html.decode()


def test_it_shows_checking_and_sending(client, erin):
    checking = make_publication(erin.person, state=State.UNKNOWN)
    sending = make_publication(erin.person, state=State.CLAIMED)

    assert (
        "Checking with Mastodon whether it went out"
        in page(client, erin, checking).content.decode()
    )
    assert "Sending to Mastodon now." in page(client, erin, sending).content.decode()


def test_a_failed_post_shows_the_reason_and_a_retry_button(client, erin, failed):
    html = page(client, erin, failed).content.decode()

    assert "Failed" in html
    assert "Validation failed: Text character limit of 500 exceeded" in html
    assert reverse("publishing-retry-publication", args=[failed.post_id, failed.pk]) in html
    assert "hx-trigger" not in html


def test_retry_sends_the_failed_post_again(
    client, erin, failed, fake_network, django_capture_on_commit_callbacks
):
    client.login(email=erin.email, password=PASSWORD)
    url = reverse("publishing-retry-publication", args=[failed.post_id, failed.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("publishing-show-post", args=[failed.post_id])
    failed.refresh_from_db()
    assert failed.state == State.SENT  # the wake-up ran the worker (tasks run inline in tests)
    assert len(fake_network.publish_calls()) == 1
    entry = AuditEntry.objects.get(action="publication.retried")
    assert entry.actor_id == erin.pk
    assert entry.via == "web"
    assert entry.after == {"state": "scheduled"}


def test_an_assistant_may_retry(client, ian, failed):
    client.login(email=ian.email, password=PASSWORD)

    response = client.post(
        reverse("publishing-retry-publication", args=[failed.post_id, failed.pk])
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == State.SCHEDULED
    assert failed.attempts == 0
    assert failed.last_error == ""


def test_retrying_what_did_not_fail_says_so(client, erin):
    sent = make_publication(erin.person, state=State.SENT, sent_at=timezone.now())
    client.login(email=erin.email, password=PASSWORD)

    response = client.post(
        reverse("publishing-retry-publication", args=[sent.post_id, sent.pk]), follow=True
    )

    assert "Only a failed publication can be retried." in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_the_polling_fragment_is_the_list_alone(client, erin):
    publication = make_publication(erin.person, state=State.UNKNOWN)
    client.login(email=erin.email, password=PASSWORD)

    response = client.get(reverse("publishing-show-post-status", args=[publication.post_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="publications"' in html
    assert "<html" not in html
    assert "Checking" in html


def test_the_page_costs_the_same_queries_for_many_networks(client, erin):
    publication = make_publication(erin.person)
    client.login(email=erin.email, password=PASSWORD)
    url = reverse("publishing-show-post", args=[publication.post_id])
    client.get(url)  # warm the session and organisation caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for network in ("bluesky", "x", "linkedin"):
        other = account(erin.person, network)
        Publication.objects.create(
            post=publication.post,
            revision=publication.revision,
            variant=publication.variant,
            channel_account=other,
            due_at=publication.due_at,
            state=State.SCHEDULED,
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(url)

    assert response.content.decode().count('class="list-group-item"') == 4
    assert len(four) == len(one)


# --- who may see and do what -----------------------------------------------------------------


def test_people_who_may_see_the_executive_see_the_page(client, carol, arthur, ian, erin):
    publication = make_publication(erin.person)
    for user in (carol, arthur, ian):
        assert page(client, user, publication).status_code == 200


def test_another_executive_cannot_see_the_page_or_its_fragment(client, frank, erin):
    publication = make_publication(erin.person)
    client.login(email=frank.email, password=PASSWORD)

    assert (
        client.get(reverse("publishing-show-post", args=[publication.post_id])).status_code == 404
    )
    assert (
        client.get(reverse("publishing-show-post-status", args=[publication.post_id])).status_code
        == 404
    )


def test_signed_out_visitors_are_sent_to_sign_in(client, erin):
    publication = make_publication(erin.person)

    response = client.get(reverse("publishing-show-post", args=[publication.post_id]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_executive_cannot_retry(client, frank, failed):
    client.login(email=frank.email, password=PASSWORD)

    response = client.post(
        reverse("publishing-retry-publication", args=[failed.post_id, failed.pk])
    )

    assert response.status_code == 404
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_an_approver_sees_the_failure_but_cannot_retry(client, arthur, failed):
    html = page(client, arthur, failed).content.decode()
    assert "Validation failed" in html
    assert "Retry" not in html

    response = client.post(
        reverse("publishing-retry-publication", args=[failed.post_id, failed.pk])
    )

    assert response.status_code == 404
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_a_publication_of_another_post_cannot_be_retried_through_this_one(client, erin, failed):
    other = make_publication(erin.person)
    client.login(email=erin.email, password=PASSWORD)

    response = client.post(reverse("publishing-retry-publication", args=[other.post_id, failed.pk]))

    assert response.status_code == 404


def test_retry_is_post_only(client, erin, failed):
    client.login(email=erin.email, password=PASSWORD)

    response = client.get(reverse("publishing-retry-publication", args=[failed.post_id, failed.pk]))

    assert response.status_code == 405


def test_do_retry_refuses_who_may_not_edit_the_executive(frank, failed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        outbox.do_retry(frank, failed)
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_a_post_not_yet_claimed_can_be_edited_from_its_page(client, erin):
    publication = make_publication(erin.person, due_in_seconds=3600)
    edit = reverse("publishing-edit-post", args=[publication.post_id])

    assert edit in page(client, erin, publication).content.decode()

    Publication.objects.filter(pk=publication.pk).update(state=State.CLAIMED)
    assert edit not in page(client, erin, publication).content.decode()


def test_an_approver_gets_no_edit_link(client, arthur, erin):
    publication = make_publication(erin.person, due_in_seconds=3600)

    html = page(client, arthur, publication).content.decode()

    assert reverse("publishing-edit-post", args=[publication.post_id]) not in html
