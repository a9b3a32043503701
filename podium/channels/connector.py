"""What every network's connector starts from; the contract itself is `base.Connector`."""

from __future__ import annotations

from podium.channels import limits
from podium.channels.base import Limits
from podium.channels.models import ChannelAccount


class NetworkConnector:
    """A connector's network, the account it acts as (None: only counting and checking work),
    and that network's limits and way of counting (limits.py). A network whose limits differ
    by account (a Mastodon instance's own length) sets `self.limits` after this."""

    network: str

    def __init__(self, account: ChannelAccount | None = None) -> None:
        self.account = account
        self.limits: Limits = limits.limits_for(self.network)

    def count(self, text: str) -> int:
        return limits.count(self.network, text)
