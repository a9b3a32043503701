"""Demo step: the hotel group's idea portal, with a guests' board and a staff-only one.

About sixty ideas per size on what hotel guests ask for (breakfast hours, loyalty points,
accessibility, sustainability, rooms, check-in), votes from a few hundred verified guests
(heavy-tailed: a few ideas gather most), comments, statuses with their history, official
answers signed by the executives, a few launched and a few merged into the idea they repeat.
Rows are written in bulk (no audit entries: the runner writes one for the whole demo).
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from django.db.models import Count

from podium.accounts.roles import Role
from podium.blog import markdown
from podium.ideas.models import (
    Board,
    Category,
    Comment,
    Follow,
    Idea,
    Identity,
    Status,
    StatusChange,
    Vote,
)
from podium.lib.demo import BATCH, DemoContext, ascii_slug

LABEL = "the idea portal"
IDEAS_PER_SIZE = 60
VOTERS_PER_SIZE = 240
CATEGORIES = ("Breakfast", "Loyalty points", "Accessibility", "Sustainability", "Rooms", "Check-in")
# (category, title, why): what guests of a hotel group ask for.
GUEST_IDEAS = (
    ("Breakfast", "Serve breakfast until noon at weekends", "On holiday nobody wants an alarm."),
    ("Breakfast", "Vegan options at every breakfast buffet", "More than fruit and toast, please."),
    ("Breakfast", "Breakfast boxes for early flights", "Check-out at 5 am means no breakfast."),
    ("Breakfast", "Gluten-free bread baked on site", "Packaged bread is sad."),
    ("Breakfast", "Let children eat breakfast free", "Families would choose you over others."),
    ("Breakfast", "Local specialities on the breakfast menu", "Show us where we are."),
    ("Breakfast", "Oat milk for coffee in every restaurant", "It is a standard now."),
    ("Breakfast", "Later room service breakfast", "Room service stops at 10:30."),
    ("Loyalty points", "Points that never expire", "I travel twice a year; my points vanish."),
    ("Loyalty points", "Use points for late checkout", "Better than a free drink."),
    ("Loyalty points", "Share points with family members", "Pool them for a family trip."),
    ("Loyalty points", "Points for skipping room cleaning", "Good for the planet and for me."),
    ("Loyalty points", "Show points on the booking page", "I never know what I have."),
    ("Loyalty points", "Status match from other hotel groups", "Let me bring my status."),
    ("Loyalty points", "Points for reviews and ideas", "Reward the feedback you ask for."),
    ("Loyalty points", "Double points on weekday stays", "Business travellers would come back."),
    ("Accessibility", "Step-free routes to every restaurant", "Some terraces have only stairs."),
    ("Accessibility", "Roll-in showers in more rooms", "Two per hotel is not enough."),
    ("Accessibility", "Vibrating alarm clocks for deaf guests", "Fire alarms must reach everyone."),
    ("Accessibility", "Braille and large-print room guides", "The tablet is not accessible."),
    ("Accessibility", "Book accessible rooms online", "Calling to book is a barrier."),
    ("Accessibility", "Quiet hours in the lobby", "Music everywhere is hard for some."),
    ("Accessibility", "Hearing loops at reception", "I cannot hear the desk staff."),
    ("Accessibility", "Lower check-in counters", "Wheelchair users talk to a wall."),
    ("Sustainability", "Refill stations instead of plastic bottles", "One bottle a day adds up."),
    ("Sustainability", "Solar panels on hotel roofs", "Flat roofs, lots of sun."),
    ("Sustainability", "Show each stay's carbon footprint", "Help us choose better."),
    ("Sustainability", "Electric car chargers in every car park", "I drive electric now."),
    ("Sustainability", "Compost kitchen waste", "Restaurants throw away so much."),
    ("Sustainability", "Bulk soap dispensers in bathrooms", "Tiny bottles are wasteful."),
    ("Sustainability", "Train travel discounts with partner rail", "Make it easy to not fly."),
    ("Sustainability", "Local, seasonal food in restaurants", "Less air freight."),
    ("Rooms", "Blackout curtains in every room", "Light at 5 am wakes me."),
    ("Rooms", "More power sockets by the bed", "Phone, watch, laptop."),
    ("Rooms", "A kettle in every room", "Tea is a human right."),
    ("Rooms", "Choose a pillow from a pillow menu", "Firm or soft, my choice."),
    ("Rooms", "Quiet rooms away from lifts", "Let me ask for one when booking."),
    ("Rooms", "Desks that fit a laptop and notes", "Tiny desks for business travel."),
    ("Rooms", "Stream my own shows on the TV", "Casting should just work."),
    ("Rooms", "Windows that open", "Fresh air, please."),
    ("Check-in", "Check in on the app and skip the desk", "Queues after a long flight."),
    ("Check-in", "Digital room keys on my phone", "I always lose the card."),
    ("Check-in", "Early check-in when the room is ready", "Tell me by text."),
    ("Check-in", "Luggage storage after checkout", "A late flight means hours to wait."),
    ("Check-in", "Express checkout by email", "No need to stop at the desk."),
    ("Check-in", "Text me when my room is ready", "So I can wait at the bar."),
    ("Check-in", "Check-in kiosks in the lobby", "For guests who know what they want."),
    ("Check-in", "Pay the bill in my own currency", "Without surprise fees."),
)
STAFF_IDEAS = (
    ("Rooms", "A shared rota app for housekeeping", "Swapping shifts by phone is slow."),
    ("Check-in", "Show guests' preferences at the desk", "Returning guests expect it."),
    ("Sustainability", "Bike racks for staff", "Many of us would cycle."),
    ("Breakfast", "Staff breakfast before shifts", "Early shifts start hungry."),
)
COMMENTS = (
    "Yes, please!",
    "This would make me book with you again.",
    "I asked at reception last time and they said it was not possible.",
    "Seconded. My whole family would use this.",
    "Other hotels already do this.",
    "Great idea, but please keep it simple.",
    "I would pay a little extra for this.",
    "This matters more than it seems.",
)
ANSWERS = {
    Status.LAUNCHED: "It is here: since this month every one of our hotels does this. Thank "
    "you for asking for it, and keep the ideas coming.",
    Status.STARTED: "We have started in three hotels and will roll it out through the year.",
    Status.PLANNED: "We are planning this for next year; I will write here as we go.",
    Status.DECLINED: "We looked hard at this, and it is not something we can do well today. "
    "Here is why, and what we are doing instead.",
    Status.UNDER_REVIEW: "Our teams are looking at this now. Thank you for raising it.",
}
# The statuses of the most voted ideas first: what gets votes gets attention.
STATUS_DECK = (
    (Status.LAUNCHED, 6),
    (Status.STARTED, 5),
    (Status.PLANNED, 7),
    (Status.UNDER_REVIEW, 10),
    (Status.DECLINED, 4),
)
ORDER = (Status.NEW, Status.UNDER_REVIEW, Status.PLANNED, Status.STARTED, Status.LAUNCHED)


def _path(status: str) -> list[str]:
    """The statuses an idea went through to reach `status`."""
    if status == Status.DECLINED:
        return [Status.NEW, Status.UNDER_REVIEW, Status.DECLINED]
    return list(ORDER[: ORDER.index(status) + 1])


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    guests = Board.objects.create(
        name="Guests", slug="guests", description="Ideas from our guests, for every hotel."
    )
    staff = Board.objects.create(
        name="Staff",
        slug="staff",
        description="Ideas from our teams, seen only inside Podium.",
        visibility=Board.Visibility.STAFF,
    )
    categories = {
        name: Category.objects.create(name=name, slug=ascii_slug(name)) for name in CATEGORIES
    }
    voters = Identity.objects.bulk_create(
        [
            Identity(
                email=f"guest{n}@guests.example",
                display_name=ctx.new_name(),
                verified_at=ctx.now - dt.timedelta(days=rng.randint(1, 300)),
            )
            for n in range(VOTERS_PER_SIZE * ctx.size)
        ],
        batch_size=BATCH,
    )
    templates = [(guests, *row) for row in GUEST_IDEAS] + [(staff, *row) for row in STAFF_IDEAS]
    ideas: list[Idea] = []
    for n in range(IDEAS_PER_SIZE * ctx.size):
        board, category, title, why = templates[n % len(templates)]
        if n >= len(templates):
            title = f"{title} ({n // len(templates) + 1})"
        ideas.append(
            Idea(
                board=board,
                category=categories[category],
                title=title,
                description=why,
                description_html=markdown.render(why),
                author=rng.choice(voters),
                created_at=ctx.now
                - dt.timedelta(days=rng.randint(5, 360), hours=rng.randint(0, 23)),
            )
        )
    Idea.objects.bulk_create(ideas, batch_size=BATCH)
    ideas = list(Idea.objects.order_by("pk"))
    # Heavy-tailed popularity: the first ideas of a shuffled order gather most votes.
    popularity = ideas[:]
    rng.shuffle(popularity)
    votes: list[Vote] = []
    for rank, idea in enumerate(popularity):
        share = max(0.02, 0.6 / (1 + rank / 4))
        chosen: set[int] = {v.pk for v in rng.sample(voters, int(len(voters) * share))}
        if idea.author_id is not None:
            chosen.add(idea.author_id)
        span = max(1, int((ctx.now - idea.created_at).total_seconds()))
        votes += [
            Vote(
                idea=idea,
                identity_id=voter,
                created_at=idea.created_at + dt.timedelta(seconds=rng.randrange(span)),
            )
            for voter in chosen
        ]
    Vote.objects.bulk_create(votes, batch_size=BATCH)
    Follow.objects.bulk_create(
        [
            Follow(idea=i, identity_id=i.author_id, created_at=i.created_at)
            for i in ideas
            if i.author_id is not None
        ],
        batch_size=BATCH,
    )
    ctx.progress(LABEL, 1, 3)
    executives = [p for p in ctx.people if p.user_id is not None]
    comms = ctx.users_by_role.get(Role.COMMS, [])
    changes: list[StatusChange] = []
    comments: list[Comment] = []
    deck = [status for status, count in STATUS_DECK for _ in range(count * ctx.size)]
    for idea, status in zip(popularity, deck, strict=False):
        steps = _path(status)
        at = idea.created_at
        for old, new in pairwise(steps):
            at = min(ctx.now, at + dt.timedelta(days=rng.randint(3, 40)))
            changes.append(
                StatusChange(
                    idea=idea,
                    old_status=old,
                    new_status=new,
                    message="Our kitchens close at eleven." if new == Status.DECLINED else "",
                    changed_by=comms[0] if comms else None,
                    created_at=at,
                )
            )
        idea.status, idea.status_changed_at = status, at
        if executives and status in ANSWERS:
            person = rng.choice(executives)
            comments.append(
                Comment(
                    idea=idea,
                    kind=Comment.Kind.OFFICIAL,
                    person=person,
                    written_by=person.user,
                    approved_by=person.user,
                    approved_at=at,
                    body=ANSWERS[status],
                    body_html=markdown.render(ANSWERS[status]),
                    created_at=at,
                )
            )
            idea.answered_at = at
    for idea in ideas:
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            text = rng.choice(COMMENTS)
            comments.append(
                Comment(
                    idea=idea,
                    identity=rng.choice(voters),
                    body=text,
                    body_html=markdown.render(text),
                    created_at=idea.created_at + dt.timedelta(days=rng.randint(0, 4)),
                )
            )
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    ctx.progress(LABEL, 2, 3)
    # A few repeats of popular ideas, merged into them, their voters carried over once.
    new_ones = [i for i in popularity[len(deck) :] if i.board_id == guests.pk]
    merged_votes: list[Vote] = []
    merges: list[StatusChange] = []
    for duplicate, original in zip(new_ones[-3 * ctx.size :], popularity, strict=False):
        duplicate.status, duplicate.merged_into = Status.DUPLICATE, original
        duplicate.status_changed_at = ctx.now - dt.timedelta(days=1)
        there = set(Vote.objects.filter(idea=original).values_list("identity_id", flat=True))
        merged_votes += [
            Vote(
                idea=original,
                identity_id=v.identity_id,
                created_at=v.created_at,
                via_merge=duplicate,
            )
            for v in Vote.objects.filter(idea=duplicate)
            if v.identity_id not in there
        ]
        merges.append(
            StatusChange(
                idea=duplicate,
                old_status=Status.NEW,
                new_status=Status.DUPLICATE,
                message=f"Merged into “{original.title}”.",
                changed_by=comms[0] if comms else None,
                created_at=duplicate.status_changed_at,
            )
        )
    StatusChange.objects.bulk_create(merges, batch_size=BATCH)
    Vote.objects.bulk_create(merged_votes, batch_size=BATCH)
    counts = dict(Vote.objects.values_list("idea").annotate(n=Count("pk")).values_list("idea", "n"))
    shown = dict(
        Comment.objects.filter(kind__in=[Comment.Kind.PUBLIC, Comment.Kind.OFFICIAL])
        .values_list("idea")
        .annotate(n=Count("pk"))
        .values_list("idea", "n")
    )
    for idea in ideas:
        idea.vote_count, idea.comment_count = counts.get(idea.pk, 0), shown.get(idea.pk, 0)
    Idea.objects.bulk_update(
        ideas,
        [
            "status",
            "status_changed_at",
            "answered_at",
            "merged_into",
            "vote_count",
            "comment_count",
        ],
        batch_size=BATCH,
    )
    ctx.progress(LABEL, 3, 3)
