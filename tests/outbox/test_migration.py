"""Upgrading a database made before the outbox had its own app and holds were data: the table
and every publication stay, and each old sentence becomes the hold it meant."""

from __future__ import annotations

import pytest
from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from podium.publishing.actions import do_approve_revision
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)

# Where main's migrations stood before: publishing owned Publication, its reason a sentence.
BEFORE_THE_MOVE = [
    ("publishing", "0006_nudge_moves_to_notifications"),
    ("outbox", None),
]
Hold = Publication.Hold


def old_rows(old, erin, ian):
    """One post drafted by Ian for Erin, with a publication on each kind of account."""
    account = old.get_model("channels", "ChannelAccount")
    post = old.get_model("publishing", "Post").objects.create(
        person_id=erin.person.pk, created_by_id=ian.pk
    )
    revision = old.get_model("publishing", "Revision").objects.create(
        post=post, number=1, text="Our new hotel opens today.", created_by_id=ian.pk
    )
    variant = old.get_model("publishing", "Variant")
    publication = old.get_model("publishing", "Publication")
    rows = {}
    for network, status, state, reason in [
        ("mastodon", "connected", "held", "Waiting for Erin Executive's approval"),
        ("bluesky", "needs_reconnect", "held", "Bluesky account needs reconnecting: revoked"),
        ("x", "disconnected", "held", "X account is disconnected: connect it again to send."),
        (
            "linkedin",
            "connected",
            "scheduled",
            "The network confirmed it never got the post: sending again.",
        ),
    ]:
        rows[network] = publication.objects.create(
            post=post,
            revision=revision,
            variant=variant.objects.create(revision=revision, network=network, text="Hello"),
            channel_account=account.objects.create(
                person_id=erin.person.pk, network=network, handle=f"erin-{network}", status=status
            ),
            state=state,
            waiting_reason=reason,
            due_at=timezone.now(),
        )
    return rows


def test_an_upgrade_keeps_every_publication_and_reads_its_hold(erin, ian):
    try:
        old = migrate(BEFORE_THE_MOVE)
        before = old_rows(old, erin, ian)
    finally:
        migrate()

    after = {p.channel_account.network: p for p in Publication.objects.all()}
    assert {network: p.pk for network, p in after.items()} == {
        network: p.pk for network, p in before.items()
    }
    assert {network: (p.state, p.hold) for network, p in after.items()} == {
        "mastodon": ("held", Hold.EXECUTIVE_APPROVAL),
        "bluesky": ("held", Hold.ACCOUNT_RECONNECT),
        "x": ("held", Hold.ACCOUNT_DISCONNECTED),
        "linkedin": ("scheduled", ""),
    }
    assert after["linkedin"].error_kind == "not_found"
    assert after["mastodon"].idempotency_key == str(before["mastodon"].idempotency_key)
    assert Publication._meta.db_table == "publishing_publication"

    # The hold works as data: renamed, Erin still releases what waited for her approval.
    erin.person.name = "Erin Lindqvist"
    erin.person.save()
    assert after["mastodon"].waiting_reason == "Waiting for Erin Lindqvist's approval"
    do_approve_revision(erin, after["mastodon"].revision)
    released = AuditEntry.objects.get(action="publication.released")
    assert (released.target_id, released.after["state"]) == (str(after["mastodon"].pk), "scheduled")
