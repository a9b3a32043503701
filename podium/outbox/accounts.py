"""What the outbox does when a channel account stops or starts publishing again.

podium.channels.actions asks for this (registered in OutboxConfig.ready) when an account is
disconnected, needs reconnecting or is connected anew: nothing scheduled is ever dropped.
"""

from __future__ import annotations

from django.db.models import Count

from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from podium.outbox.transitions import hold_account, release_account

__all__ = ["count_held", "count_scheduled", "hold_account", "release_account"]


def count_held(accounts: list[ChannelAccount]) -> dict[int, int]:
    """How many publications wait, for whatever reason, per account id (the accounts page)."""
    rows = (
        Publication.objects.filter(channel_account__in=accounts, state=Publication.State.HELD)
        .values("channel_account")
        .annotate(held=Count("pk"))
    )
    return {row["channel_account"]: row["held"] for row in rows}


def count_scheduled(account: ChannelAccount) -> int:
    return Publication.objects.filter(
        channel_account=account, state=Publication.State.SCHEDULED
    ).count()
