"""Advocates tests: the real mastodon-mock server, and an executive's sent posts on it."""

from __future__ import annotations

import pytest

from tests.api.conftest import api  # noqa: F401 - fixtures are found by name
from tests.channels.conftest import local_servers, publication_for  # noqa: F401 - fixtures
from tests.servers.fixtures import (  # noqa: F401 - fixtures are found by name
    bluesky_appview_network,
    mastodon_server,
)


@pytest.fixture
def make_publication():
    """publication_for(account, state=..., hold=..., text=...)"""
    return publication_for
