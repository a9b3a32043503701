"""The approver's queue as `/approvals/` shows it: what waits for this user, since when, at which
step, with the policy findings highlighted in the words they point at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from podium.accounts.models import User
from podium.channels.limits import NETWORK_NAMES
from podium.governance import approvals
from podium.governance.chains import ApprovalRun, Review
from podium.lib.text import first_line
from podium.org.models import Person
from podium.publishing.models import Post, Revision


@dataclass
class Segment:
    text: str
    reason: str = ""  # non-empty: these words are highlighted, with why

    @property
    def marked(self) -> bool:
        return bool(self.reason)


@dataclass
class Shown:
    """One variant's text in pieces, the words a finding points at marked."""

    network: str
    name: str
    segments: list[Segment]
    length: int


@dataclass
class FindingShown:
    reason: str
    effect: str
    words: str
    network: str


@dataclass
class QueueItem:
    run: ApprovalRun
    post: Post
    person: Person
    revision: Revision
    step_name: str
    step_number: int
    steps: int
    since: dt.datetime
    due: dt.datetime | None
    writer: User
    summary: str
    escalated: bool
    texts: list[Shown] = field(default_factory=list)
    findings: list[FindingShown] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """`text` cut into segments; each (start, end, reason) span is marked (overlaps merged into
    the first, spans outside the text ignored)."""
    segments: list[Segment] = []
    at = 0
    for start, end, reason in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], reason))
        at = end
    if at < len(text) or not segments:
        segments.append(Segment(text[at:]))
    return segments


def _texts(revision: Revision, findings: list[Any]) -> list[Shown]:
    shown = []
    for variant in sorted(revision.variants.all(), key=lambda v: v.network):
        spans = [
            (int(f.start), int(f.end), str(f.reason))
            for f in findings
            if getattr(f, "network", "") in ("", variant.network)
            and getattr(f, "part", 0) == 0
            and getattr(f, "end", 0) > getattr(f, "start", 0)
        ]
        shown.append(
            Shown(
                network=variant.network,
                name=NETWORK_NAMES.get(variant.network, variant.network),
                segments=highlighted(variant.text, spans),
                length=len(variant.text),
            )
        )
    return shown


def item_of(run: ApprovalRun) -> QueueItem:
    revision = run.revision
    step = run.current
    hours = step.get("hours")
    findings = approvals.findings_of(revision)
    return QueueItem(
        run=run,
        post=revision.post,
        person=revision.post.person,
        revision=revision,
        step_name=step.get("name", ""),
        step_number=run.step + 1,
        steps=len(run.steps),
        since=run.step_started_at,
        due=run.step_started_at + dt.timedelta(hours=hours) if hours else None,
        writer=revision.created_by,
        summary=first_line(revision.text),
        escalated=run.escalated_to_id is not None,
        texts=_texts(revision, findings),
        findings=[
            FindingShown(
                reason=str(f.reason),
                effect=str(getattr(f, "effect", "")),
                words=str(getattr(f, "words", "")),
                network=str(getattr(f, "network", "")),
            )
            for f in findings
        ],
    )


def queue_of(user: User) -> list[QueueItem]:
    return [item_of(run) for run in approvals.queue_runs(user)]


def waiting_in_chains(limit: int = 50) -> list[QueueItem]:
    """Every draft waiting in a chain (comms' view, with fast-track)."""
    runs = (
        ApprovalRun.objects.filter(state=ApprovalRun.State.WAITING)
        .select_related("revision__post__person", "revision__created_by")
        .prefetch_related("revision__variants")
        .order_by("step_started_at", "pk")[:limit]
    )
    return [item_of(run) for run in runs]


def reviews_for(user: User) -> list[Review]:
    return approvals.open_reviews(user)
