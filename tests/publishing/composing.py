"""Builders shared by the compose, schedule, calendar and CSV tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from podium.channels.models import ChannelAccount
from podium.publishing.actions import do_create_post


def account(person, network: str, **kwargs) -> ChannelAccount:
    return ChannelAccount.objects.create(
        person=person,
        network=network,
        handle=kwargs.pop("handle", f"{person.slug}-{network}"),
        status=kwargs.pop("status", ChannelAccount.Status.CONNECTED),
        **kwargs,
    )


@pytest.fixture
def erin_accounts(erin):
    return {n: account(erin.person, n) for n in ("mastodon", "bluesky", "x", "linkedin")}


def later(hours: int = 24) -> dt.datetime:
    return (timezone.now() + dt.timedelta(hours=hours)).replace(microsecond=0)


def draft(actor, person, text: str = "Our new hotel opens today.", networks=("mastodon", "x")):
    return do_create_post(actor, person, text, {n: {"text": text} for n in networks})
