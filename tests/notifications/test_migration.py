"""Upgrading a database made before notifications had their own app: the table stays, and so
does every notification in it (read through the new app's model afterwards)."""

from __future__ import annotations

import pytest
from django.db import connection

from podium.notifications.models import Nudge
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)

# Where main's migrations stood before the move: publishing owned Nudge, no notifications app.
BEFORE_THE_MOVE = [
    ("publishing", "0005_images_checked_random_names"),
    ("notifications", None),
]


def test_an_upgrade_keeps_every_notification(erin):
    try:
        old = migrate(BEFORE_THE_MOVE)
        old_nudge = old.get_model("publishing", "Nudge")
        kept = old_nudge.objects.create(
            person_id=erin.person.pk,
            user_id=erin.pk,
            kind="awaiting_approval",
            key="revision:7",
            message="Ian drafted a post for you to approve: “Our new hotel”",
            link="/posts/3/edit/",
        )
    finally:
        new = migrate()

    with pytest.raises(LookupError):
        new.get_model("publishing", "Nudge")
    nudge = Nudge.objects.get()
    assert (nudge.pk, nudge.user, nudge.person, nudge.key, nudge.read_at) == (
        kept.pk,
        erin,
        erin.person,
        "revision:7",
        None,
    )
    assert nudge.message.startswith("Ian drafted a post")
    # The constraint came along: the same thing cannot notify the same user twice.
    assert Nudge._meta.db_table == "publishing_nudge"
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "publishing_nudge")
    assert "one_nudge_per_user_kind_key" in constraints
