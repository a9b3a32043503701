"""Cadence: how often each executive speaks, against their target.

Posts count in the executive's local week (Monday to Sunday) and articles in their local month.
A post counts once however many networks it went to: the moment it was first sent decides its
week. Status compares the count with the pace the target asks for so far in the period:
`behind` when below that pace, `ahead` when above the whole target, `on_track` otherwise.

Everything here works on a list of people in a fixed number of queries, so pages that show
many executives stay cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from podium.accounts.models import User
from podium.blog.models import Article
from podium.notifications.actions import notify
from podium.notifications.models import Nudge
from podium.org.models import Person
from podium.outbox.models import Publication
from podium.planning.models import CadenceTarget

ON_TRACK = "on_track"
BEHIND = "behind"
AHEAD = "ahead"
LABELS = {ON_TRACK: "On track", BEHIND: "Behind", AHEAD: "Ahead"}


@dataclass(frozen=True)
class Measure:
    """One target within its period: how many so far, how many wanted, how many by now."""

    count: int
    target: int
    expected: int  # what the pace asks for by now (rounded), at most `target`

    @property
    def status(self) -> str:
        if self.target and self.count > self.target:
            return AHEAD
        if self.count < self.expected:
            return BEHIND
        return ON_TRACK

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, round(100 * self.count / self.target))

    @property
    def missing(self) -> int:
        return max(self.expected - self.count, 0)


@dataclass(frozen=True)
class Cadence:
    person: Person
    posts: Measure
    articles: Measure
    nudges_enabled: bool
    week_start: dt.datetime
    month_start: dt.datetime
    measures: tuple[Measure, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", (self.posts, self.articles))

    @property
    def status(self) -> str:
        statuses = [m.status for m in self.measures if m.target]
        if BEHIND in statuses:
            return BEHIND
        if statuses and all(s == AHEAD for s in statuses):
            return AHEAD
        return ON_TRACK

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def summary(self) -> str:
        return (
            f"{self.posts.count} of {self.posts.target} post{'s' if self.posts.target != 1 else ''}"
            f" in the week, {self.articles.count} of {self.articles.target}"
            f" article{'s' if self.articles.target != 1 else ''} in the month"
        )


def week_bounds(moment: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The local Monday-to-Monday week holding `moment`, as aware datetimes."""
    local = moment.astimezone(tz)
    start = dt.datetime.combine(local.date() - dt.timedelta(days=local.weekday()), dt.time(), tz)
    end = dt.datetime.combine(start.date() + dt.timedelta(days=7), dt.time(), tz)
    return start, end


def month_bounds(moment: dt.datetime, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar month holding `moment`, as aware datetimes."""
    local = moment.astimezone(tz)
    start = dt.datetime.combine(local.date().replace(day=1), dt.time(), tz)
    following = (start.date() + dt.timedelta(days=32)).replace(day=1)
    return start, dt.datetime.combine(following, dt.time(), tz)


def _expected(target: int, start: dt.datetime, end: dt.datetime, moment: dt.datetime) -> int:
    elapsed = (moment - start) / (end - start)
    return min(target, int(target * max(0.0, min(1.0, elapsed)) + 0.5))


def targets_for(people: Iterable[Person]) -> dict[int, CadenceTarget]:
    """Each person's target (unsaved defaults for those without one), in one query."""
    ids = [p.pk for p in people]
    saved = {t.person_id: t for t in CadenceTarget.objects.filter(person_id__in=ids)}
    return {pk: saved.get(pk) or CadenceTarget(person_id=pk) for pk in ids}


def cadence_for_people(
    people: Iterable[Person], *, now: dt.datetime | None = None, last_week: bool = False
) -> dict[int, Cadence]:
    """Cadence of each person by primary key, in three queries whatever the number of people.

    With `last_week`, each person is measured at the very end of their previous local week
    (what a Monday digest reports): the week complete, the month as it stood then.
    """
    people = list(people)
    if not people:
        return {}
    now = now or timezone.now()
    moments: dict[int, dt.datetime] = {}
    windows: dict[int, tuple[tuple[dt.datetime, dt.datetime], tuple[dt.datetime, dt.datetime]]] = {}
    for person in people:
        tz = person.zone
        moment = now
        if last_week:
            moment = week_bounds(now, tz)[0] - dt.timedelta(microseconds=1)
        moments[person.pk] = moment
        windows[person.pk] = (week_bounds(moment, tz), month_bounds(moment, tz))
    # Posts count by the week and articles by the month: each is read over its own windows only.
    earliest = min(w[0][0] for w in windows.values())
    latest = max(w[0][1] for w in windows.values())
    month_earliest = min(w[1][0] for w in windows.values())
    month_latest = max(w[1][1] for w in windows.values())
    ids = list(moments)

    # A post's first sending is in the window when it was sent in the window and never before:
    # only the window's rows are read (the state and sent_at index), not the whole year's. A
    # publication has a sent_at only once sent, and sent is final, so "sent before" needs no
    # state and reads the post's own rows by its key.
    sent_before = Publication.objects.filter(post=OuterRef("post"), sent_at__lt=earliest)
    first_sent = (
        Publication.objects.filter(
            post__person_id__in=ids,
            state=Publication.State.SENT,
            sent_at__gte=earliest,
            sent_at__lt=latest,
        )
        .exclude(Exists(sent_before))
        .order_by()
        .values("post_id", "post__person_id")
        .annotate(first=Min("sent_at"))
    )
    posts: dict[int, list[dt.datetime]] = {pk: [] for pk in ids}
    for row in first_sent:
        posts[row["post__person_id"]].append(row["first"])
    articles: dict[int, list[dt.datetime]] = {pk: [] for pk in ids}
    for person_id, published_at in Article.objects.filter(
        person_id__in=ids,
        status=Article.Status.PUBLISHED,
        published_at__gte=month_earliest,
        published_at__lt=month_latest,
    ).values_list("person_id", "published_at"):
        if published_at is not None:  # the column is empty for drafts, left out above
            articles[person_id].append(published_at)
    targets = targets_for(people)

    result = {}
    for person in people:
        (week_start, week_end), (month_start, month_end) = windows[person.pk]
        moment = moments[person.pk]
        target = targets[person.pk]
        result[person.pk] = Cadence(
            person=person,
            posts=Measure(
                count=sum(week_start <= t < week_end for t in posts[person.pk]),
                target=target.posts_per_week,
                expected=_expected(target.posts_per_week, week_start, week_end, moment),
            ),
            articles=Measure(
                count=sum(month_start <= t < month_end for t in articles[person.pk]),
                target=target.articles_per_month,
                expected=_expected(target.articles_per_month, month_start, month_end, moment),
            ),
            nudges_enabled=target.nudges_enabled,
            week_start=week_start,
            month_start=month_start,
        )
    return result


def cadence_for(person: Person, *, now: dt.datetime | None = None) -> Cadence:
    return cadence_for_people([person], now=now)[person.pk]


def team_summary(cadences: Iterable[Cadence]) -> dict[str, int]:
    """How many executives are on track, behind and ahead, and the team's totals."""
    cadences = list(cadences)
    summary = {ON_TRACK: 0, BEHIND: 0, AHEAD: 0}
    for c in cadences:
        summary[c.status] += 1
    summary["people"] = len(cadences)
    summary["posts"] = sum(c.posts.count for c in cadences)
    summary["posts_target"] = sum(c.posts.target for c in cadences)
    summary["articles"] = sum(c.articles.count for c in cadences)
    summary["articles_target"] = sum(c.articles.target for c in cadences)
    return summary


# Writes: targets, nudges and the weekly digest.


def set_targets(
    *,
    actor: User,
    person: Person,
    posts_per_week: int,
    articles_per_month: int,
    nudges_enabled: bool,
) -> CadenceTarget:
    """Save `person`'s targets and record the change in the audit log."""
    from django.db import transaction

    from podium.governance import audit

    with transaction.atomic():
        target = CadenceTarget.objects.select_for_update().filter(person=person).first()
        before = None
        if target is None:
            target = CadenceTarget(person=person)
        else:
            before = {
                "posts_per_week": target.posts_per_week,
                "articles_per_month": target.articles_per_month,
                "nudges_enabled": target.nudges_enabled,
            }
        target.posts_per_week = posts_per_week
        target.articles_per_month = articles_per_month
        target.nudges_enabled = nudges_enabled
        target.save()
        audit.record(
            actor=actor,
            action="cadence.targets_set",
            target=person,
            before=before,
            after={
                "posts_per_week": posts_per_week,
                "articles_per_month": articles_per_month,
                "nudges_enabled": nudges_enabled,
            },
        )
    return target


def _nudge_message(c: Cadence) -> str:
    parts = []
    if c.posts.status == BEHIND:
        parts.append(f"{c.posts.count} of {c.posts.target} posts this week")
    if c.articles.status == BEHIND:
        parts.append(f"{c.articles.count} of {c.articles.target} articles this month")
    return "You are behind your target: " + " and ".join(parts) + "."


def send_nudges(*, now: dt.datetime | None = None) -> int:
    """Nudge each executive who is behind, in Podium and by email: at most once a local week.

    Only executives with a sign-in and nudges enabled are nudged. Returns how many were.
    """
    from django.core.mail import send_mail

    now = now or timezone.now()
    people = list(
        Person.objects.filter(is_active=True, user__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    cadences = cadence_for_people(people, now=now)
    behind = [c for c in cadences.values() if c.status == BEHIND and c.nudges_enabled]
    if not behind:
        return 0
    earliest = min(c.week_start for c in behind)
    recent: dict[int, list[dt.datetime]] = {}
    for person_id, created_at in Nudge.objects.filter(
        person_id__in=[c.person.pk for c in behind],
        kind=Nudge.Kind.BEHIND,
        created_at__gte=earliest,
    ).values_list("person_id", "created_at"):
        recent.setdefault(person_id, []).append(created_at)
    sent = 0
    for c in behind:
        user = c.person.user
        assert user is not None  # only people with a sign-in were measured
        if any(t >= c.week_start for t in recent.get(c.person.pk, [])):
            continue
        message = _nudge_message(c)
        # In Podium through notify(); the reminder's email has words of its own, just below.
        notify(
            [user],
            Nudge.Kind.BEHIND,
            "",  # no key: a reminder repeats weekly, by design
            message,
            "",
            person=c.person,
            subject="a reminder about your posting cadence",
            email=False,
            at=now,
        )
        if user.notify_by_email:  # else in Podium only, as they chose
            send_mail(
                "Podium: a reminder about your posting cadence",
                f"Hello {c.person.name},\n\n{message}\n\n"
                "Your communications team can help you draft something. "
                "You can change your targets or turn these reminders off in Podium.\n",
                None,
                [user.email],
                fail_silently=True,
            )
        sent += 1
    return sent


def _digest_line(c: Cadence) -> str:
    return f"- {c.person.name}: {c.label}. {c.summary}."


def send_digest(*, now: dt.datetime | None = None) -> int:
    """The Monday digest of last week: the team's cadence to communications managers, and each
    executive's own to them. Returns how many emails were sent."""
    from django.core.mail import send_mail

    from podium.accounts.models import User
    from podium.accounts.roles import Role

    now = now or timezone.now()
    people = list(Person.objects.filter(is_active=True).select_related("user").order_by("name"))
    cadences = list(cadence_for_people(people, now=now, last_week=True).values())
    sent = 0
    managers = list(
        User.objects.filter(role=Role.COMMS, is_active=True, notify_by_email=True).values_list(
            "email", flat=True
        )
    )
    if managers and cadences:
        team = team_summary(cadences)
        body = (
            "Last week across the executive program:\n\n"
            f"{team[ON_TRACK]} on track, {team[BEHIND]} behind, {team[AHEAD]} ahead. "
            f"{team['posts']} of {team['posts_target']} posts; "
            f"{team['articles']} of {team['articles_target']} articles this month so far.\n\n"
            + "\n".join(_digest_line(c) for c in cadences)
            + "\n"
        )
        send_mail("Podium: weekly cadence digest", body, None, managers, fail_silently=True)
        sent += len(managers)
    for c in cadences:
        user = c.person.user
        if user is None or not user.is_active or not user.notify_by_email:
            continue
        body = f"Hello {c.person.name},\n\nLast week you were {c.label.lower()}: {c.summary}.\n"
        send_mail("Podium: your week in posts", body, None, [user.email], fail_silently=True)
        sent += 1
    return sent
