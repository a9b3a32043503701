"""LinkedIn accounts whose token cannot be renewed are marked before it expires."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from podium.channels.linkedin.expiry import mark_expiring
from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from tests.channels.conftest import publication_for


def linkedin_account(person, *, expires_in: dt.timedelta, refresh_token: str = ""):
    return ChannelAccount.objects.create(
        person=person,
        network="linkedin",
        handle=f"{person.name} {expires_in}",
        status=ChannelAccount.Status.CONNECTED,
        remote_account_id=f"id-{expires_in.total_seconds()}",
        access_token="AQX-token",
        refresh_token=refresh_token,
        token_expires_at=timezone.now() + expires_in,
    )


def test_it_marks_accounts_about_to_expire_and_holds_their_posts(erin) -> None:
    soon = linkedin_account(erin.person, expires_in=dt.timedelta(minutes=30))
    publication = publication_for(soon, state=Publication.State.SCHEDULED)

    assert mark_expiring() == 1

    soon.refresh_from_db()
    publication.refresh_from_db()
    assert soon.status == ChannelAccount.Status.NEEDS_RECONNECT
    assert "reconnect LinkedIn" in soon.status_reason
    assert publication.state == Publication.State.HELD
    assert publication.waiting_reason.startswith("LinkedIn account needs reconnecting")


def test_it_leaves_renewable_and_distant_tokens_alone(erin) -> None:
    later = linkedin_account(erin.person, expires_in=dt.timedelta(days=20))
    renewable = linkedin_account(
        erin.person, expires_in=dt.timedelta(minutes=10), refresh_token="AQW-refresh"
    )

    assert mark_expiring() == 0

    for account in (later, renewable):
        account.refresh_from_db()
        assert account.status == ChannelAccount.Status.CONNECTED
