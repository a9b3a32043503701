"""Session-scoped fixtures for the real local servers.

Import them into a conftest.py to use them:

    from tests.servers.fixtures import bluesky_network, mastodon_server  # noqa: F401

Each server starts once per test session (once per xdist worker) on the first test that
asks for it, and stops at the end of the session. Tests share it, so each test should
create its own accounts (`bluesky_network.create_account()`, `mastodon_server.create_user()`)
rather than reset it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.bluesky import BlueskyNetwork, start_bluesky
from tests.servers.mastodon import MastodonMock, start_mastodon_mock


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[BlueskyNetwork]:
    """PLC + PDS, no AppView: sign-in, records, blobs (ready in seconds)."""
    with start_bluesky() as network:
        yield network


@pytest.fixture(scope="session")
def bluesky_appview_network() -> Iterator[BlueskyNetwork]:
    """PLC + PDS + AppView (~35 s to start): likes, reposts, threads, profiles.

    Call `network.process_all()` after writing and before reading from the AppView.
    """
    with start_bluesky(appview=True) as network:
        yield network


@pytest.fixture(scope="session")
def mastodon_server() -> Iterator[MastodonMock]:
    """mastodon-mock on a free port; `.base_url`, `.create_user()`, `.fault(...)`."""
    with start_mastodon_mock() as server:
        yield server
