"""Keeping idle Bluesky sessions alive, so an executive who posts rarely stays connected.

A session's refresh JWT lives about two months and each refresh gives a new one. Accounts
that publish renew it as they go; `refresh_ageing_sessions()` renews the others before it runs
out. It is meant for a periodic sweep (daily is plenty). A refresh the network refuses marks
the account "needs reconnecting" (holding what is scheduled for it and telling its owner).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from podium.channels.actions import do_mark_needs_reconnect
from podium.channels.base import AuthExpired, ChannelError
from podium.channels.bluesky.connector import BlueskyConnector, tokens_of
from podium.channels.models import ChannelAccount, Network

logger = logging.getLogger(__name__)

RENEW_WITHIN = dt.timedelta(days=21)


def refresh_ageing_sessions(
    now: dt.datetime | None = None, within: dt.timedelta = RENEW_WITHIN
) -> dict[str, int]:
    """Renew connected accounts whose refresh JWT expires within `within`."""
    now = now or timezone.now()
    counts = {"renewed": 0, "needs_reconnect": 0, "failed": 0}
    accounts = ChannelAccount.objects.filter(
        network=Network.BLUESKY, status=ChannelAccount.Status.CONNECTED
    ).select_related("person")
    for account in accounts:
        expires = tokens_of(account).refresh_expires_at
        if expires is not None and expires - now > within:
            continue
        try:
            BlueskyConnector(account).renew_session()
        except AuthExpired as error:
            do_mark_needs_reconnect(account, error.message, via="worker")
            counts["needs_reconnect"] += 1
        except ChannelError as error:  # the network is away: the next sweep tries again
            logger.warning("Bluesky account %s: could not renew: %s", account.pk, error.message)
            counts["failed"] += 1
        else:
            counts["renewed"] += 1
    return counts
