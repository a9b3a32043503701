"""Demo step: each executive's cadence targets, most the default, some more or less ambitious."""

from __future__ import annotations

from podium.lib.demo import BATCH, DemoContext
from podium.planning.models import CadenceTarget


def populate(ctx: DemoContext) -> None:
    # Drawn by position, not from ctx.rng, so later steps' data stay as they were.
    CadenceTarget.objects.bulk_create(
        (
            CadenceTarget(
                person=person,
                posts_per_week=(2, 3, 2, 1, 2)[index % 5],
                articles_per_month=(1, 2, 0, 1)[index % 4],
            )
            for index, person in enumerate(ctx.people)
        ),
        batch_size=BATCH,
    )
