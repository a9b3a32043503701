"""Votes at the same moment: one identity many times counts once; many identities count each
(PostgreSQL, where transactions really run at once; SQLite writes one at a time)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from podium.ideas import actions
from podium.ideas.models import Idea, Identity, Vote
from tests.ideas.helpers import idea, identity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one transaction write at a time: run with DATABASE_URL=postgres://…",
    ),
]

AT_ONCE = 40


def _all_at_once(voters: list[Identity], target: Idea) -> list[BaseException]:
    start = threading.Barrier(len(voters))
    failures: list[BaseException] = []

    def vote(voter: Identity) -> None:
        try:
            start.wait()
            actions.do_vote(voter, target)
        except BaseException as error:  # reported by the test, with the thread's traceback
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(v,)) for v in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_one_identity_voting_at_once_counts_once(organisation):
    target, nora = idea(), identity()
    actions.LIMITS["vote"], kept = (AT_ONCE * 2, 600), actions.LIMITS["vote"]
    try:
        assert _all_at_once([nora] * AT_ONCE, target) == []
    finally:
        actions.LIMITS["vote"] = kept
    target.refresh_from_db()
    assert Vote.objects.filter(idea=target, identity=nora).count() == 1
    assert target.vote_count == 2 == target.votes.count()


def test_many_identities_at_once_count_each(organisation):
    target = idea()
    voters = [identity(f"v{n}@example.org", f"Voter {n}") for n in range(AT_ONCE)]
    assert _all_at_once(voters, target) == []
    target.refresh_from_db()
    assert target.votes.count() == AT_ONCE + 1 == target.vote_count
