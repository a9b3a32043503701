from tests.servers.fixtures import (  # noqa: F401 - fixtures are found by name
    bluesky_appview_network,
    bluesky_network,
    mastodon_server,
)
