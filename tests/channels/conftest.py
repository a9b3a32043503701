"""Channel tests: the real local servers, outgoing calls allowed to reach them on 127.0.0.1,
and publications waiting on an account."""

from __future__ import annotations

import pytest
from django.utils import timezone

from podium.channels.models import ChannelAccount
from podium.outbox.models import Publication
from podium.publishing.models import Post, Revision, Variant
from tests.servers.fixtures import (  # noqa: F401 - fixtures are found by name
    bluesky_appview_network,
    bluesky_network,
    mastodon_server,
)


@pytest.fixture
def local_servers(settings):
    """Let Podium call servers on loopback (the SSRF guard refuses them otherwise)."""
    settings.HTTP_ALLOW_PRIVATE_HOSTS = True
    return settings


def publication_for(
    account: ChannelAccount, *, state: str, hold: str = "", text: str = "Hello"
) -> Publication:
    author = account.person.user
    post = Post.objects.create(person=account.person, created_by=author)
    revision = Revision.objects.create(post=post, number=1, text=text, created_by=author)
    variant = Variant.objects.create(revision=revision, network=account.network, text=text)
    return Publication.objects.create(
        post=post,
        revision=revision,
        variant=variant,
        channel_account=account,
        state=state,
        hold=hold,
        due_at=timezone.now(),
    )


@pytest.fixture
def make_publication():
    """publication_for(account, state=..., hold=..., text=...)"""
    return publication_for
