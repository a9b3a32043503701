"""Builders for the Advocates tests: events stored as any source stores them."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from podium.advocates.models import Advocate, RemoteAccount, Source
from podium.advocates.store import Actor, Incoming, store
from podium.org.models import Person

_keys = itertools.count(1)


def actor(name: str, network: str = "mastodon", **fields: object) -> Actor:
    slug = name.lower().replace(" ", "")
    return Actor(
        network=network,
        remote_id=str(fields.pop("remote_id", f"https://{network}.example/users/{slug}")),
        handle=str(fields.pop("handle", f"@{slug}@{network}.example")),
        display_name=name,
        profile_url=str(fields.pop("profile_url", "")),
        links=fields.pop("links", ()),  # type: ignore[arg-type]
    )


def engage(who: Actor, person: Person, kind: str, *, days_ago: float = 1) -> None:
    """One event of `kind` by `who` for the executive `person`."""
    store(
        [
            Incoming(
                actor=who,
                key=f"test:{next(_keys)}",
                kind=kind,
                person_id=person.pk,
                occurred_at=timezone.now() - dt.timedelta(days=days_ago),
            )
        ],
        source=Source.DEMO,
        what="a test",
    )


def advocate_of(who: Actor) -> Advocate:
    return RemoteAccount.objects.get(network=who.network, remote_id=who.remote_id).advocate
