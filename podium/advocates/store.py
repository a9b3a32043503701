"""Writing engagement into the store: accounts found or created, events added once.

Every source (a connector's reading, the blog's comments, an imported file, the demo) turns
what it read into `Incoming` events and calls `store()`. An account is recognised by
(network, remote id) and starts as its own advocate; an event by (network, natural key), so a
second reading of the same likes adds nothing and says how many it already had. One audit
entry per batch that added something (not one per like: a busy week holds millions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from podium.advocates.models import (
    Advocate,
    EngagementEvent,
    ImportJob,
    RemoteAccount,
    Source,
)
from podium.governance import audit
from podium.governance.models import AuditEntry

BATCH = 1000
TEXT_CHARS = 500


@dataclass(frozen=True)
class Actor:
    network: str
    remote_id: str
    handle: str = ""
    display_name: str = ""
    profile_url: str = ""
    links: tuple[tuple[str, bool], ...] = ()  # (url, verified by the network)

    def filled_from(self, other: Actor) -> Actor:
        """This actor, with what it leaves empty taken from another reading of the same one."""
        return Actor(
            network=self.network,
            remote_id=self.remote_id,
            handle=self.handle or other.handle,
            display_name=self.display_name or other.display_name,
            profile_url=self.profile_url or other.profile_url,
            links=self.links or other.links,
        )

    def links_data(self) -> list[dict[str, object]]:
        return [{"url": url, "verified": verified} for url, verified in self.links]


@dataclass(frozen=True)
class Incoming:
    """One event as a source read it, before it is stored."""

    actor: Actor
    key: str
    kind: str
    person_id: int
    occurred_at: dt.datetime
    time_known: bool = True
    publication_id: int | None = None
    article_id: int | None = None
    remote_post_id: str = ""
    text: str = ""
    url: str = ""


@dataclass
class Stored:
    added: int = 0
    duplicates: int = 0
    accounts_created: int = 0
    advocates: set[int] = field(default_factory=set)

    def __iadd__(self, other: Stored) -> Stored:
        self.added += other.added
        self.duplicates += other.duplicates
        self.accounts_created += other.accounts_created
        self.advocates |= other.advocates
        return self


def _by_network(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """One IN list per network (an OR of a thousand pairs is too deep for SQLite)."""
    grouped: dict[str, list[str]] = {}
    for network, value in pairs:
        grouped.setdefault(network, []).append(value)
    return grouped


def _accounts(actors: Iterable[Actor], now: dt.datetime) -> tuple[dict[tuple[str, str], int], int]:
    """(network, remote id) → account id, creating the accounts (each its own advocate)."""
    wanted: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        pair = (actor.network, actor.remote_id)
        wanted[pair] = actor.filled_from(wanted[pair]) if pair in wanted else actor
    found: dict[tuple[str, str], RemoteAccount] = {}
    for network, ids in _by_network(wanted).items():
        for account in RemoteAccount.objects.filter(network=network, remote_id__in=ids):
            found[(account.network, account.remote_id)] = account
    changed = []
    for pair, account in found.items():
        actor = wanted[pair]
        fresh = (
            actor.handle or account.handle,
            actor.display_name or account.display_name,
            actor.profile_url or account.profile_url,
            actor.links_data() or account.links,
        )
        if fresh != (
            account.handle,
            account.display_name,
            account.profile_url,
            account.links,
        ):
            account.handle, account.display_name, account.profile_url, account.links = fresh
            account.updated_at = now
            changed.append(account)
    if changed:
        RemoteAccount.objects.bulk_update(
            changed, ["handle", "display_name", "profile_url", "links", "updated_at"]
        )
    created = 0
    for pair in wanted.keys() - found.keys():
        actor = wanted[pair]
        try:
            with transaction.atomic():  # another worker may create it at the same moment
                advocate = Advocate.objects.create(
                    name=(actor.display_name or actor.handle or actor.remote_id)[:200],
                    created_at=now,
                )
                found[pair] = RemoteAccount.objects.create(
                    network=actor.network,
                    remote_id=actor.remote_id,
                    handle=actor.handle[:300],
                    display_name=actor.display_name[:200],
                    profile_url=actor.profile_url[:500],
                    links=actor.links_data(),
                    advocate=advocate,
                    first_seen_at=now,
                    updated_at=now,
                )
                created += 1
        except IntegrityError:
            found[pair] = RemoteAccount.objects.get(network=pair[0], remote_id=pair[1])
    return {pair: account.pk for pair, account in found.items()}, created


def _store_batch(
    batch: Sequence[Incoming], source: str, import_job: ImportJob | None, now: dt.datetime
) -> Stored:
    unique: dict[tuple[str, str], Incoming] = {}
    for item in batch:
        unique.setdefault((item.actor.network, item.key), item)
    repeated = len(batch) - len(unique)
    existing: set[tuple[str, str]] = set()
    for network, keys in _by_network(unique).items():
        existing.update(
            EngagementEvent.objects.filter(network=network, natural_key__in=keys).values_list(
                "network", "natural_key"
            )
        )
    new = [item for pair, item in unique.items() if pair not in existing]
    if not new:
        return Stored(duplicates=len(batch))
    accounts, created = _accounts((item.actor for item in new), now)
    rows = [
        EngagementEvent(
            network=item.actor.network,
            natural_key=item.key[:600],
            kind=item.kind,
            account_id=accounts[(item.actor.network, item.actor.remote_id)],
            person_id=item.person_id,
            publication_id=item.publication_id,
            article_id=item.article_id,
            remote_post_id=item.remote_post_id[:500],
            occurred_at=item.occurred_at,
            time_known=item.time_known,
            text=item.text[:TEXT_CHARS],
            url=item.url[:500],
            source=source,
            import_job=import_job,
            recorded_at=now,
        )
        for item in new
    ]
    EngagementEvent.objects.bulk_create(rows, ignore_conflicts=True)
    advocates = _note_first_engagement(new, accounts)
    return Stored(
        added=len(new),
        duplicates=repeated + len(existing),
        accounts_created=created,
        advocates=advocates,
    )


def _note_first_engagement(
    new: Sequence[Incoming], accounts: dict[tuple[str, str], int]
) -> set[int]:
    """Move each advocate's first engagement earlier where a new event is earlier."""
    earliest: dict[int, dt.datetime] = {}
    for item in new:
        account_id = accounts[(item.actor.network, item.actor.remote_id)]
        if account_id not in earliest or item.occurred_at < earliest[account_id]:
            earliest[account_id] = item.occurred_at
    by_advocate: dict[int, dt.datetime] = {}
    for account_id, advocate_id in RemoteAccount.objects.filter(pk__in=earliest.keys()).values_list(
        "pk", "advocate_id"
    ):
        when = earliest[account_id]
        if advocate_id not in by_advocate or when < by_advocate[advocate_id]:
            by_advocate[advocate_id] = when
    for advocate_id, when in by_advocate.items():
        Advocate.objects.filter(pk=advocate_id).filter(
            Q(first_engaged_at__isnull=True) | Q(first_engaged_at__gt=when)
        ).update(first_engaged_at=when)
    return set(by_advocate)


def store(
    events: Iterable[Incoming],
    *,
    source: str,
    what: str,
    import_job: ImportJob | None = None,
    actor: object = None,
    via: str = AuditEntry.Via.WORKER,
) -> Stored:
    """Add the events not stored yet; one audit entry, naming `what` was read, if any were."""
    now = timezone.now()
    total = Stored()
    batch: list[Incoming] = []
    with transaction.atomic():
        for item in events:
            batch.append(item)
            if len(batch) >= BATCH:
                total += _store_batch(batch, source, import_job, now)
                batch = []
        if batch:
            total += _store_batch(batch, source, import_job, now)
        if total.added:
            audit.record(
                actor=actor,
                action="advocates.events_stored",
                target=import_job,
                target_type="" if import_job else "advocates.engagementevent",
                target_label=what[:200],
                after={
                    "added": total.added,
                    "already_stored": total.duplicates,
                    "accounts_created": total.accounts_created,
                    "source": source,
                },
                via=via,
            )
    return total


__all__ = ["Actor", "Incoming", "Source", "Stored", "store"]
