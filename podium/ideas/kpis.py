"""What the idea portal measures for program objectives (the KPI shape: `podium.lib.kpis`).

Ideas come from the public, not from an executive, so `people` narrows only the time to an
official answer (answers signed by those executives); the other measures are the program's."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from podium.ideas.models import Comment, Idea, Moderation, Status, StatusChange, Vote
from podium.lib.kpis import KPI, Direction, People


def _any_idea_before(end: dt.datetime) -> bool:
    return Idea.objects.filter(created_at__lt=end).exists()


def ideas_submitted(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """Ideas submitted in the window (spam left out); no data before the first idea."""
    if not _any_idea_before(end):
        return None
    return (
        Idea.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(moderation=Moderation.SPAM)
        .count()
    )


def votes_cast(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    if not _any_idea_before(end):
        return None
    # A vote carried over from a merged duplicate was cast once already.
    return Vote.objects.filter(
        created_at__gte=start, created_at__lt=end, via_merge__isnull=True
    ).count()


def ideas_launched(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    if not _any_idea_before(end):
        return None
    return (
        StatusChange.objects.filter(
            new_status=Status.LAUNCHED, created_at__gte=start, created_at__lt=end
        )
        .values("idea")
        .distinct()
        .count()
    )


def hours_to_official_answer(start: dt.datetime, end: dt.datetime, people: People) -> float | None:
    """For ideas first answered in the window: the mean hours from submission to the first
    official answer shown. None when no idea was answered in it."""
    answers = Comment.objects.filter(kind=Comment.Kind.OFFICIAL, approved_at__isnull=False)
    if people is not None:
        answers = answers.filter(person_id__in=people)
    first = answers.values("idea").annotate(at=Min("approved_at"))
    firsts = {row["idea"]: row["at"] for row in first}
    created = dict(Idea.objects.filter(pk__in=list(firsts)).values_list("pk", "created_at"))
    hours = [
        (at - created[idea]).total_seconds() / 3600
        for idea, at in firsts.items()
        if start <= at < end and idea in created
    ]
    return round(sum(hours) / len(hours), 1) if hours else None


KPIS = (
    KPI(
        key="ideas.submitted",
        label="Ideas submitted",
        unit="ideas",
        direction=Direction.HIGHER,
        measure=ideas_submitted,
        adds_up=True,
        description="Ideas the public and staff submitted on the portal, spam left out.",
    ),
    KPI(
        key="ideas.votes",
        label="Votes on ideas",
        unit="votes",
        direction=Direction.HIGHER,
        measure=votes_cast,
        adds_up=True,
        description="Votes cast by verified identities (each counts once per idea).",
    ),
    KPI(
        key="ideas.launched",
        label="Ideas launched",
        unit="ideas",
        direction=Direction.HIGHER,
        measure=ideas_launched,
        adds_up=True,
        description="Ideas whose status became Launched.",
    ),
    KPI(
        key="ideas.hours_to_official_answer",
        label="Time to an official answer",
        unit="hours",
        direction=Direction.LOWER,
        measure=hours_to_official_answer,
        adds_up=False,
        description="Mean hours from an idea's submission to its first official answer.",
    ),
)
