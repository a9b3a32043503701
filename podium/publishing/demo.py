"""Demo step: a year of sent posts per executive, and scheduled posts for the coming weeks.

Every post goes to the executive's demo accounts (marked DEMO: never contacted). Some upcoming
posts were drafted by an assistant: those approved are scheduled, the others wait for the
executive's approval, exactly as a real draft would. A few drafts, not yet scheduled, say what
the policy rules of the demo look for (DRAFTS): a forecast, a partnership, a banned promise,
a link elsewhere.
"""

from __future__ import annotations

import datetime as dt
import uuid

from podium.accounts.roles import Role
from podium.channels.limits import validate_parts
from podium.channels.models import ChannelAccount
from podium.lib.demo import BATCH, DemoContext
from podium.outbox.models import Publication
from podium.publishing.actions import COMPOSE_NETWORKS
from podium.publishing.models import Post, Revision, Variant
from podium.publishing.notifications import notify_awaiting_approval

LABEL = "posts"
WEEKS_BACK = 52
WEEKS_AHEAD = 3
SLOT_TIMES = (dt.time(8, 30), dt.time(12, 15), dt.time(17, 45))

OPENINGS = (
    "Proud of our team in {city} today.",
    "Spent the morning with our housekeeping team in {city}.",
    "Back from {city}, where our guests told us what they want next.",
    "A short note from our new property in {city}.",
    "Our engineers in {city} cut energy use by {n}% this year.",
    "{n} apprentices start with us in {city} this month.",
    "Guest scores in {city} rose again this quarter.",
    "Met the suppliers who grow our breakfast in {city}.",
    "This week I listened to {n} front-desk colleagues in {city}.",
    "Our {city} team raised money for the local food bank.",
)
MIDDLES = (
    "Hospitality is people looking after people, and it shows.",
    "Small details, done every day, are what guests remember.",
    "Every decision we make starts with the guest at the door.",
    "The best ideas came from the people closest to our guests.",
    "Sustainability is now part of how every room is cleaned and lit.",
    "Good service is a team sport: thank you, all of you.",
    "We measure what matters and we share it openly.",
)
CLOSINGS = (
    "More soon.",
    "What would you like to see in our hotels next?",
    "Thank you for making it happen.",
    "Proud to work alongside you.",
    "#hospitality #leadership",
    "#sustainability #hotels",
    "",
)
# Drafts not yet scheduled, written by an assistant or the comms team: the demo's policy rules
# (podium/policy/demo.py) find something in each.
DRAFTS = (
    "We expect occupancy to grow 12% next year, and our guidance on Thursday will say why.",
    "Thrilled to announce our new partnership with Northwind Airlines: miles for every night.",
    "Guaranteed best rates in every city, always.",
    "Our new loyalty app is out: https://rooms-deals.example/app for the details.",
    "Our results are in next month: I will share what our teams achieved.",
)
CITIES = (
    "Lisbon", "Nairobi", "Osaka", "Toronto", "Copenhagen", "Lima", "Marrakesh", "Edinburgh",
    "Singapore", "Valencia", "Accra", "Melbourne",
)  # fmt: skip


def _text(ctx: DemoContext, budget: int) -> str:
    opening = ctx.rng.choice(OPENINGS).format(city=ctx.rng.choice(CITIES), n=ctx.rng.randint(3, 40))
    text = " ".join(p for p in (opening, ctx.rng.choice(MIDDLES), ctx.rng.choice(CLOSINGS)) if p)
    return text if len(text) <= budget else opening


def _key(ctx: DemoContext) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


def populate(ctx: DemoContext) -> None:
    accounts_of: dict[int, list[ChannelAccount]] = {}
    for account in ChannelAccount.objects.filter(
        person__in=ctx.people, network__in=COMPOSE_NETWORKS
    ):
        accounts_of.setdefault(account.person_id, []).append(account)
    assistant_for = {
        delegation.person_id: delegation.user
        for assistant in ctx.assistants
        for delegation in assistant.delegations.all()
    }
    plans = []  # (post, text, author, approved, due, sent)
    for index, person in enumerate(ctx.people):
        accounts = accounts_of.get(person.pk)
        if not accounts or person.user is None:
            continue
        zone = person.zone
        today = ctx.now.astimezone(zone).date()
        monday = today - dt.timedelta(days=today.weekday())
        assistant = assistant_for.get(person.pk)
        for week in range(-WEEKS_BACK, WEEKS_AHEAD):
            for _ in range(ctx.rng.choice((0, 1, 1, 2, 2, 3))):
                day = monday + dt.timedelta(weeks=week, days=ctx.rng.randint(0, 4))
                due = dt.datetime.combine(day, ctx.rng.choice(SLOT_TIMES), zone)
                sent = due < ctx.now
                by_assistant = assistant is not None and ctx.rng.random() < 0.4
                approved = not by_assistant or sent or ctx.rng.random() < 0.5
                author = assistant if by_assistant else person.user
                plans.append((person, accounts, _text(ctx, 280), author, approved, due, sent))
        ctx.progress(LABEL, index + 1, len(ctx.people))
    _write(ctx, plans)
    _write_drafts(ctx, accounts_of, assistant_for)


def _write_drafts(
    ctx: DemoContext, accounts_of: dict[int, list[ChannelAccount]], assistant_for: dict
) -> None:
    """DRAFTS, one each for the most senior executives, waiting for their approval."""
    comms = ctx.users_by_role.get(Role.COMMS, [])
    writers = [
        (person, assistant_for.get(person.pk) or (comms[0] if comms else None))
        for person in ctx.people
        if accounts_of.get(person.pk) and person.user is not None
    ]
    drafts = [
        (person, author, text)
        for (person, author), text in zip(writers, DRAFTS, strict=False)
        if author
    ]
    posts = Post.objects.bulk_create(
        [
            Post(person=p, created_by=a, created_at=ctx.now - dt.timedelta(hours=3 + i))
            for i, (p, a, _) in enumerate(drafts)
        ]
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(post=post, number=1, text=text, created_by=author, created_at=post.created_at)
            for post, (_, author, text) in zip(posts, drafts, strict=True)
        ]
    )
    Variant.objects.bulk_create(
        [
            Variant(revision=revision, network=account.network, text=revision.text)
            for revision, (person, _, _) in zip(revisions, drafts, strict=True)
            for account in accounts_of[person.pk]
        ]
    )
    for revision in revisions:
        notify_awaiting_approval(revision, email=False)


def _drafted_at(ctx: DemoContext, due: dt.datetime) -> dt.datetime:
    """Written two days before it went out, or, for what is still to come, in the past days."""
    return min(due - dt.timedelta(days=2), ctx.now - dt.timedelta(hours=ctx.rng.randint(2, 60)))


def _write(ctx: DemoContext, plans: list) -> None:
    posts = Post.objects.bulk_create(
        [
            Post(person=person, created_by=author, created_at=_drafted_at(ctx, due),
                 scheduled_for=due)
            for person, _, _, author, _, due, _ in plans
        ],
        batch_size=BATCH,
    )  # fmt: skip
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                post=post,
                number=1,
                text=text,
                created_by=author,
                created_at=post.created_at,
                approved_by=person.user if approved and author != person.user else None,
                approved_at=post.created_at if approved and author != person.user else None,
            )
            for post, (person, _, text, author, approved, _, _) in zip(posts, plans, strict=True)
        ],
        batch_size=BATCH,
    )
    variants = Variant.objects.bulk_create(
        [
            Variant(revision=revision, network=account.network, text=revision.text)
            for revision, (_, accounts, *_) in zip(revisions, plans, strict=True)
            for account in accounts
            if not any(p.blocking for p in validate_parts(account.network, [revision.text]))
        ],
        batch_size=BATCH,
    )
    by_revision: dict[int, dict[str, Variant]] = {}
    for made in variants:
        by_revision.setdefault(made.revision_id, {})[made.network] = made
    publications = []
    for post, revision, (_person, accounts, _, _author, approved, due, sent) in zip(
        posts, revisions, plans, strict=True
    ):
        for account in accounts:
            variant = by_revision.get(revision.pk, {}).get(account.network)
            if variant is None:
                continue
            remote = f"demo-{ctx.rng.getrandbits(48):012x}"
            publications.append(
                Publication(
                    post=post,
                    revision=revision,
                    variant=variant,
                    channel_account=account,
                    state=(
                        Publication.State.SENT
                        if sent
                        else Publication.State.SCHEDULED
                        if approved
                        else Publication.State.HELD
                    ),
                    hold="" if approved or sent else Publication.Hold.EXECUTIVE_APPROVAL,
                    due_at=due,
                    idempotency_key=_key(ctx),
                    attempts=1 if sent else 0,
                    remote_id=remote if sent else "",
                    remote_url=f"{account.profile_url.rstrip('/')}/{remote}"
                    if sent and account.profile_url
                    else "",
                    sent_at=due + dt.timedelta(seconds=ctx.rng.randint(1, 40)) if sent else None,
                )
            )
    Publication.objects.bulk_create(publications, batch_size=BATCH)
    for revision, (_, _, _, _, approved, _, sent) in zip(revisions, plans, strict=True):
        if not approved and not sent:  # the executive's bell counts what waits for them
            notify_awaiting_approval(revision, email=False)
