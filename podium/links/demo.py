"""Demo step: a short link on each of the demo's sent posts, a few made by hand, and a year
of clicks on them.

Each sent publication's link is the one its post names, else the company's page for the post
(the demo's posts mostly have none). Clicks are shaped like the real thing: the moment a post
goes out on Mastodon, a few hundred instances fetch its link for their preview card within a
minute (Bluesky, LinkedIn and X send one or two fetchers); people follow it over the next days,
most of them on the first; a steady trickle of crawlers comes and goes; some browsers prefetch.
Rows are written in bulk (no audit entries: the runner writes one for the whole demo).
"""

from __future__ import annotations

import datetime as dt
import math
from random import Random
from typing import Any

from django.db import connection

from podium.accounts.roles import Role
from podium.governance.objectives import Objective
from podium.lib.demo import BATCH, DemoContext
from podium.links.models import Click, ShortLink, new_code
from podium.links.shortening import links_in, rules_for, with_utm
from podium.org.demo import DOMAIN
from podium.outbox.models import Publication

LABEL = "short links and a year of clicks"
Kind = Click.Kind
# How many preview fetches a post meets in the minute after it goes out, per network
# (a demo executive reaches tens of instances; the latest Mastodon post shows a big one: SHOWCASE)
PREVIEW_BURSTS = {"mastodon": (5, 30), "bluesky": (1, 3), "linkedin": (1, 4), "x": (1, 3)}
SHOWCASE = 480
REFERRERS = {
    "mastodon": ("https://social.example", "https://mastodon.example", "https://fosstodon.example"),
    "bluesky": ("https://bsky.app",),
    "linkedin": ("https://www.linkedin.com",),
    "x": ("https://x.com", "https://t.co"),
}
NO_REFERRER = 0.45  # apps and email send none
PEOPLE_MEDIAN = 4  # a typical post's people; a few get many more
BOT_SHARE = 0.12
PREFETCH_SHARE = 0.05
AGAIN = 0.1  # a visitor who clicks again within the hour
BY_HAND = (
    ("Keynote slides, Hospitality Summit", "https://{domain}/talks/summit-keynote"),
    ("Investor newsletter, spring issue", "https://{domain}/newsletter/spring"),
    ("Careers page, from the graduate fair", "https://{domain}/careers"),
)


class _Clicks:
    """The clicks to write, as rows of COLUMNS (model instances would double the step's time)."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.rows: list[tuple[Any, ...]] = []
        self.adapt = connection.ops.adapt_datetimefield_value

    def add(
        self,
        link: ShortLink,
        at: dt.datetime,
        kind: str,
        *,
        counted: bool = False,
        visitor: str = "",
        origin: str = "",
    ) -> None:
        visitor = visitor or f"{self.rng.getrandbits(128):032x}" * 2
        click_id = f"demo{len(self.rows):08d}{self.rng.getrandbits(32):08x}"
        self.rows.append((link.pk, self.adapt(at), kind, counted, visitor, origin, click_id))


def _destination(publication: Publication) -> str:
    variant = publication.variant
    for text in variant.parts:
        for start, end in links_in(text):
            return text[start:end]
    return variant.link or f"https://{DOMAIN}/news/{publication.post_id}"


def _people(rng: Random) -> int:
    return max(0, int(rng.lognormvariate(math.log(PEOPLE_MEDIAN), 1.0)))


def _clicks_on(
    clicks: _Clicks, link: ShortLink, sent: dt.datetime, now: dt.datetime, burst: int = 0
) -> None:
    rng = clicks.rng
    low, high = PREVIEW_BURSTS.get(link.network, (0, 1))
    for _ in range(burst or rng.randint(low, high)):  # within the minute after it went out
        clicks.add(link, sent + dt.timedelta(seconds=rng.uniform(0.5, 60)), Kind.PREVIEW)
    people = _people(rng)
    last = (now - sent).total_seconds()
    for _ in range(people):
        # most on the first day, a long tail after
        at = sent + dt.timedelta(seconds=min(rng.expovariate(1 / 30000), last))
        origin = (
            "" if rng.random() < NO_REFERRER else rng.choice(REFERRERS.get(link.network, ("",)))
        )
        visitor = f"{rng.getrandbits(128):032x}" * 2
        clicks.add(link, at, Kind.HUMAN, counted=True, visitor=visitor, origin=origin)
        if rng.random() < AGAIN:
            again = min(at + dt.timedelta(minutes=rng.uniform(1, 50)), now)
            clicks.add(link, again, Kind.HUMAN, visitor=visitor, origin=origin)
        if rng.random() < PREFETCH_SHARE:
            clicks.add(link, at - dt.timedelta(seconds=2), Kind.HEAD_PREFETCH)
    for _ in range(int(people * BOT_SHARE) + rng.randint(0, 3)):
        clicks.add(link, sent + dt.timedelta(seconds=rng.uniform(0, last)), Kind.BOT)


COLUMNS = ("link_id", "at", "kind", "counted", "visitor", "referrer_origin", "click_id")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Tens of thousands of clicks in a few statements: bulk_create spends most of its time
    building each row's SQL, which `podium demo` would wait for."""
    table = connection.ops.quote_name(Click._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - our own names
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    sent = list(
        Publication.objects.filter(state=Publication.State.SENT, sent_at__lte=ctx.now)
        .select_related("post", "channel_account", "variant")
        .order_by("pk")
    )
    tags = Objective.posts.through.objects.order_by("-objective_id").select_related("objective")
    first_objective = {tag.post_id: tag.objective for tag in tags}  # the lowest id wins
    links: list[ShortLink] = []
    when: list[dt.datetime] = []
    for publication in sent:
        source = _destination(publication)
        network = publication.channel_account.network
        rules = rules_for(network, publication.post_id, first_objective.get(publication.post_id))
        links.append(
            ShortLink(
                code=new_code(),
                destination=with_utm(source, rules),
                source_url=source,
                publication=publication,
                post=publication.post,
                person_id=publication.post.person_id,
                network=network,
                created_at=publication.sent_at or ctx.now,
            )
        )
        when.append(publication.sent_at or ctx.now)
    comms = ctx.users_by_role.get(Role.COMMS, [None])[0]
    for n, (label, address) in enumerate(BY_HAND):
        made = ctx.now - dt.timedelta(days=300 - 110 * n)
        links.append(
            ShortLink(
                code=new_code(),
                destination=address.format(domain=DOMAIN),
                label=label,
                created_by=comms,
                created_at=made,
            )
        )
        when.append(made)
    ShortLink.objects.bulk_create(links, batch_size=BATCH)
    clicks = _Clicks(rng)
    latest = max(
        (link for link in links if link.network == "mastodon"),
        key=lambda link: link.created_at,
        default=None,
    )
    for link, at in zip(links, when, strict=True):
        _clicks_on(clicks, link, at, ctx.now, SHOWCASE if link is latest else 0)
    _insert(clicks.rows)
    ctx.report(f"    {len(links)} short links, {len(clicks.rows):,} clicks")
