"""Upgrading a database made before planning had its own app: the cadence targets' table
stays, and so does every executive's target in it (read through planning's model afterwards)."""

from __future__ import annotations

import pytest

from podium.planning.models import CadenceTarget
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)

# Where main's migrations stood before the move: publishing owned CadenceTarget.
BEFORE_THE_MOVE = [
    ("publishing", "0008_publication_moves_to_outbox"),
    ("planning", None),
]


def test_an_upgrade_keeps_every_cadence_target(erin):
    try:
        old = migrate(BEFORE_THE_MOVE)
        old_target = old.get_model("publishing", "CadenceTarget")
        kept = old_target.objects.create(
            person_id=erin.person.pk, posts_per_week=4, articles_per_month=0, nudges_enabled=False
        )
    finally:
        new = migrate()

    with pytest.raises(LookupError):
        new.get_model("publishing", "CadenceTarget")
    target = CadenceTarget.objects.get()
    assert (target.pk, target.person, target.posts_per_week, target.articles_per_month) == (
        kept.pk,
        erin.person,
        4,
        0,
    )
    assert target.nudges_enabled is False
    assert erin.person.cadence_target == target
    assert CadenceTarget._meta.db_table == "publishing_cadencetarget"
