"""Builders shared by the approval chains' tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from podium.accounts.roles import Role
from podium.governance.approvals import ChainInput, StepInput, do_save_chain
from podium.governance.chains import Chain
from podium.publishing.actions import do_create_post, do_schedule
from tests.publishing.composing import account


def chain(actor, name="Legal", steps=None, **rules) -> Chain:
    steps = steps or [StepInput(name="Legal review", role=Role.APPROVER)]
    return do_save_chain(actor, ChainInput(name=name, steps=steps, **rules))


def later(hours: int = 24) -> dt.datetime:
    return (timezone.now() + dt.timedelta(hours=hours)).replace(microsecond=0)


def scheduled_post(actor, person, text="Results are in.", networks=("mastodon",), when=None):
    """A post written by `actor` for `person`, scheduled on a connected account per network."""
    for network in networks:
        if not person.channel_accounts.filter(network=network).exists():
            account(person, network)
    post = do_create_post(actor, person, text, {n: {"text": text} for n in networks})
    do_schedule(actor, post, when or later())
    return post
