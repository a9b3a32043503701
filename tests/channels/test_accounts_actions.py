"""Connecting, disconnecting and losing access: the account, its publications, the audit, email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from podium.channels.actions import (
    do_connect_account,
    do_disconnect_account,
    do_mark_needs_reconnect,
)
from podium.channels.models import ChannelAccount
from podium.governance.models import AuditEntry
from podium.outbox.models import Publication

pytestmark = pytest.mark.django_db


def connect(actor, person, **extra):
    values = {
        "handle": "@erin@social.example",
        "instance_url": "https://social.example",
        "remote_account_id": "1001",
        "access_token": "token-secret-1",
        "scopes": "read write",
        "max_chars": 500,
    }
    return do_connect_account(actor, person, "mastodon", **{**values, **extra})


def test_it_connects_an_account_and_audits_it_without_the_token(erin):
    account = connect(erin, erin.person)

    entry = AuditEntry.objects.get(action="channel.connected")
    assert account.status == ChannelAccount.Status.CONNECTED
    assert account.connected_at is not None
    assert ChannelAccount.objects.get(pk=account.pk).access_token == "token-secret-1"
    assert "token-secret-1" not in str(entry.after)
    assert "access_token" not in entry.after
    assert entry.after["handle"] == "@erin@social.example"


def test_it_updates_the_same_account_when_connected_again(erin):
    first = connect(erin, erin.person)
    second = connect(erin, erin.person, handle="@erin.renamed@social.example", access_token="t2")

    assert second.pk == first.pk
    assert ChannelAccount.objects.count() == 1
    assert AuditEntry.objects.filter(action="channel.reconnected").count() == 1


def test_it_lets_an_assistant_connect_but_not_another_executive(erin, ian, frank):
    assert connect(ian, erin.person).person == erin.person
    with pytest.raises(PermissionDenied):
        connect(frank, erin.person, remote_account_id="2002", handle="@other@social.example")


def test_it_holds_scheduled_posts_and_tells_the_owner_when_access_is_lost(
    erin, ian, make_publication, django_capture_on_commit_callbacks
):
    account = connect(erin, erin.person)
    scheduled = make_publication(account, state=Publication.State.SCHEDULED)
    sent = make_publication(account, state=Publication.State.SENT)
    waiting_approval = make_publication(
        account, state=Publication.State.HELD, hold=Publication.Hold.EXECUTIVE_APPROVAL
    )

    with django_capture_on_commit_callbacks(execute=True):
        held = do_mark_needs_reconnect(account, "The token was revoked (401).")

    account.refresh_from_db()
    scheduled.refresh_from_db()
    sent.refresh_from_db()
    assert held == 1
    assert account.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert account.status_reason == "The token was revoked (401)."
    assert (scheduled.state, scheduled.hold) == (
        Publication.State.HELD,
        Publication.Hold.ACCOUNT_RECONNECT,
    )
    assert scheduled.waiting_reason == (
        "Mastodon account needs reconnecting: The token was revoked (401)."
    )
    assert sent.state == Publication.State.SENT
    assert AuditEntry.objects.filter(action="channel.needs_reconnect").exists()
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["erin@example.com", "ian@example.com"]
    assert "The token was revoked" in mail.outbox[0].body
    assert "1 scheduled post" in mail.outbox[0].body
    assert f"/people/{erin.person.slug}/channels/" in mail.outbox[0].body

    connect(erin, erin.person, access_token="fresh")

    scheduled.refresh_from_db()
    waiting_approval.refresh_from_db()
    assert scheduled.state == Publication.State.SCHEDULED
    assert (scheduled.hold, scheduled.waiting_reason) == ("", "")
    assert waiting_approval.state == Publication.State.HELD  # not ours to release


def test_it_forgets_the_tokens_and_holds_posts_on_disconnect(erin, make_publication):
    account = connect(erin, erin.person)
    scheduled = make_publication(account, state=Publication.State.SCHEDULED)

    do_disconnect_account(erin, account)

    account.refresh_from_db()
    scheduled.refresh_from_db()
    assert account.status == ChannelAccount.Status.DISCONNECTED
    assert account.access_token == ""
    assert scheduled.state == Publication.State.HELD
    assert "disconnected" in scheduled.waiting_reason
    entry = AuditEntry.objects.get(action="channel.disconnected")
    assert "token-secret-1" not in str(entry.before)

    connect(erin, erin.person)
    scheduled.refresh_from_db()
    assert scheduled.state == Publication.State.SCHEDULED


def test_it_refuses_a_disconnect_by_someone_who_does_not_act_for_the_owner(erin, frank, arthur):
    account = connect(erin, erin.person)
    for outsider in (frank, arthur):
        with pytest.raises(PermissionDenied):
            do_disconnect_account(outsider, account)
    account.refresh_from_db()
    assert account.status == ChannelAccount.Status.CONNECTED


def test_it_tells_the_owner_once_however_many_posts_run_into_the_lost_access(
    erin, make_publication, django_capture_on_commit_callbacks
):
    account = connect(erin, erin.person)
    with django_capture_on_commit_callbacks(execute=True):
        do_mark_needs_reconnect(account, "401 from the instance")
    later = make_publication(account, state=Publication.State.SCHEDULED)

    with django_capture_on_commit_callbacks(execute=True):
        held = do_mark_needs_reconnect(account, "401 again")

    later.refresh_from_db()
    assert held == 1
    assert later.state == Publication.State.HELD
    assert len(mail.outbox) == 1
