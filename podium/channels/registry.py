"""Which connector serves which network, imported only when first needed."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from podium.channels.base import Connector
    from podium.channels.models import ChannelAccount

CONNECTORS = {
    "mastodon": "podium.channels.mastodon.connector.MastodonConnector",
    "bluesky": "podium.channels.bluesky.connector.BlueskyConnector",
    "linkedin": "podium.channels.linkedin.connector.LinkedInConnector",
    "x": "podium.channels.x.connector.XConnector",
}


def connector_class(network: str) -> type[Connector]:
    try:
        dotted = CONNECTORS[network]
    except KeyError:
        raise LookupError(f"Podium has no connector for the network {network!r}") from None
    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(module), name)


def connector_for(account: ChannelAccount) -> Connector:
    """A connector acting as `account` (with its decrypted tokens)."""
    return connector_class(account.network)(account)
