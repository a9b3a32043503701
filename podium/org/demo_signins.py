"""Demo step, after the accounts step: each executive signs in as the user made for them, and
each assistant acts for the most senior executive of their group of eight (the CEO first)."""

from __future__ import annotations

from podium.lib.demo import BATCH, DemoContext
from podium.org.models import Delegation, Person


def populate(ctx: DemoContext) -> None:
    for person, user in zip(ctx.people, ctx.executive_users, strict=True):
        person.user = user
    Person.objects.bulk_update(ctx.people, ["user"], batch_size=BATCH)

    delegations = [
        Delegation(person=ctx.people[8 * i], user=assistant, kind=Delegation.Kind.ASSISTANT)
        for i, assistant in enumerate(ctx.assistants)
    ]
    Delegation.objects.bulk_create(delegations, batch_size=BATCH)
