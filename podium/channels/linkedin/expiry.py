"""LinkedIn access that cannot be renewed: mark the account before the token runs out.

Most LinkedIn apps get 60-day access tokens and no refresh token. When such a token is about
to expire, the account is marked "needs reconnecting" (which holds what is scheduled for it
and tells its owner), so nothing is attempted with a dead token and nothing is dropped.
Accounts with a refresh token are renewed when they are next used instead.

`mark_expiring()` is meant for a periodic sweep (hourly is plenty).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.linkedin.oauth import REFRESH_MARGIN
from podium.channels.models import ChannelAccount, Network

# Mark accounts whose token expires before the next sweep would see them again.
SWEEP_INTERVAL = dt.timedelta(hours=1)


def mark_expiring(now: dt.datetime | None = None) -> int:
    """Mark LinkedIn accounts whose unrenewable token expires within the next sweep."""
    now = now or timezone.now()
    expiring = ChannelAccount.objects.filter(
        network=Network.LINKEDIN,
        status=ChannelAccount.Status.CONNECTED,
        refresh_token="",
        token_expires_at__lte=now + SWEEP_INTERVAL + REFRESH_MARGIN,
    )
    marked = 0
    for account in expiring:
        when = timezone.localtime(account.token_expires_at).strftime("%-d %B %Y %H:%M")
        do_mark_needs_reconnect(
            account,
            f"LinkedIn access expires on {when} and LinkedIn lets this app renew it only by "
            "signing in again: reconnect LinkedIn",
            via="worker",
        )
        marked += 1
    return marked
