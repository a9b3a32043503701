"""Demo step: a few hundred advocates engaging with the executives' sent posts and articles.

Engagement is heavy-tailed, as it is on real networks: most people like a post or two, a few
share almost everything. Each advocate has a home network (Mastodon or Bluesky, where the demo
executives post) and one in eight is also on the other one, already merged into one person; a
few more pairs are left as suggested matches for a communications manager to confirm. Readers
who commented on the blog are advocates too. Rows are written in bulk (no audit entries: the
runner writes one for the whole demo).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from podium.accounts.roles import Role
from podium.advocates.models import (
    Advocate,
    EngagementEvent,
    ImportJob,
    Kind,
    MatchSuggestion,
    Network,
    RemoteAccount,
    Source,
    blog_commenter_id,
)
from podium.blog.models import Comment
from podium.lib.demo import BATCH, DemoContext, ascii_slug
from podium.outbox.models import Publication

LABEL = "advocates and their engagement"
ADVOCATES_PER_SIZE = 300
TWO_NETWORKS = 8  # one advocate in this many is on both networks
SUGGESTED = 6  # pairs of accounts left unmerged, for a person to confirm
# How often each kind occurs among a post's engagement (likes are the most common).
KIND_WEIGHTS = ((Kind.LIKE, 60), (Kind.REPOST, 18), (Kind.REPLY, 10), (Kind.QUOTE, 4))
HOSTS: dict[str, str] = {Network.MASTODON: "social.example", Network.BLUESKY: "bsky.example"}
MAX_EVENTS = 120  # the keenest advocate's share of a year


@dataclass(frozen=True)
class Sent:
    pk: int
    person_id: int
    network: str
    remote_id: str
    sent_at: dt.datetime


def _account(network: str, name: str, n: int) -> RemoteAccount:
    slug = f"{ascii_slug(name).replace('-', '')}{n}"
    host = HOSTS[network]
    if network == Network.MASTODON:
        url, handle, remote = (
            f"https://{host}/@{slug}",
            f"@{slug}@{host}",
            f"https://{host}/users/{slug}",
        )
    else:
        url, handle, remote = (
            f"https://{host}/profile/{slug}.{host}",
            f"{slug}.{host}",
            f"did:plc:demo{n:06d}{slug[:8]}",
        )
    return RemoteAccount(
        network=network, remote_id=remote, handle=handle, display_name=name, profile_url=url
    )


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    sent = [
        Sent(p.pk, p.post.person_id, p.channel_account.network, p.remote_id, p.sent_at or ctx.now)
        for p in Publication.objects.filter(
            state=Publication.State.SENT,
            channel_account__network__in=list(HOSTS),
            sent_at__lte=ctx.now,
        ).select_related("post", "channel_account")
    ]
    if not sent:
        return
    by_network: dict[str, list[Sent]] = {}
    for item in sent:
        by_network.setdefault(item.network, []).append(item)
    networks = sorted(by_network)
    total = ADVOCATES_PER_SIZE * ctx.size
    names = [ctx.new_name() for _ in range(total)]
    advocates = Advocate.objects.bulk_create(
        [Advocate(name=name, created_at=ctx.now) for name in names], batch_size=BATCH
    )
    accounts: list[RemoteAccount] = []
    owners: list[tuple[Advocate, RemoteAccount]] = []
    for n, (advocate, name) in enumerate(zip(advocates, names, strict=True)):
        home = rng.choice(networks)
        mine = [home]
        if len(networks) > 1 and rng.randrange(TWO_NETWORKS) == 0:
            mine.append(next(net for net in networks if net != home))
        for network in mine:
            account = _account(network, name, n)
            account.advocate = advocate
            account.first_seen_at = ctx.now
            accounts.append(account)
            owners.append((advocate, account))
    RemoteAccount.objects.bulk_create(accounts, batch_size=BATCH)
    first = First()
    _events(ctx, owners, by_network, first)
    _suggestions(ctx, networks, by_network, first)
    _blog_comments(ctx, first)
    _x_export(ctx, first)
    made = list(Advocate.objects.filter(pk__in=first.at))
    for advocate in made:
        advocate.first_engaged_at = first.at[advocate.pk]
    Advocate.objects.bulk_update(made, ["first_engaged_at"], batch_size=BATCH)


class First:
    """Each advocate's earliest engagement, noted as events are made."""

    def __init__(self) -> None:
        self.at: dict[int, dt.datetime] = {}

    def note(self, advocate_id: int, when: dt.datetime) -> None:
        if advocate_id not in self.at or when < self.at[advocate_id]:
            self.at[advocate_id] = when


def _events(
    ctx: DemoContext,
    owners: list[tuple[Advocate, RemoteAccount]],
    by_network: dict[str, list[Sent]],
    first: First,
) -> None:
    rng = ctx.rng
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    rows: list[EngagementEvent] = []
    seen: set[str] = set()
    for done, (advocate, account) in enumerate(owners):
        posts = by_network[account.network]
        count = min(MAX_EVENTS, int(rng.paretovariate(1.2)))  # 1 for most, dozens for a few
        for _ in range(count):
            post = rng.choice(posts)
            kind = rng.choices(kinds, weights)[0]
            key = f"demo:{kind}:{account.remote_id}:{post.remote_id}"
            if kind in (Kind.LIKE, Kind.REPOST) and key in seen:
                continue  # one like of one post per person
            seen.add(key)
            if kind not in (Kind.LIKE, Kind.REPOST):
                key = f"{key}:{len(seen)}"
            lag = dt.timedelta(minutes=rng.expovariate(1 / 600))  # most within hours
            when = min(post.sent_at + lag, ctx.now)
            rows.append(
                EngagementEvent(
                    network=account.network,
                    natural_key=key,
                    kind=kind,
                    account=account,
                    person_id=post.person_id,
                    publication_id=post.pk,
                    remote_post_id=post.remote_id,
                    occurred_at=when,
                    text=rng.choice(REPLIES) if kind in (Kind.REPLY, Kind.QUOTE) else "",
                    source=Source.DEMO,
                    recorded_at=ctx.now,
                )
            )
            first.note(advocate.pk, when)
        if len(rows) >= BATCH:
            EngagementEvent.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
            ctx.progress(LABEL, done, len(owners))
    EngagementEvent.objects.bulk_create(rows, batch_size=BATCH)
    # A few follows of the executives by their keenest advocates.
    follows = []
    for advocate, account in owners[:: max(1, len(owners) // 40)]:
        post = rng.choice(by_network[account.network])
        follows.append(
            EngagementEvent(
                network=account.network,
                natural_key=f"demo:follow:{account.remote_id}:{post.person_id}",
                kind=Kind.FOLLOW,
                account=account,
                person_id=post.person_id,
                occurred_at=post.sent_at,
                source=Source.DEMO,
                recorded_at=ctx.now,
            )
        )
        first.note(advocate.pk, post.sent_at)
    EngagementEvent.objects.bulk_create(follows, batch_size=BATCH, ignore_conflicts=True)


def _suggestions(
    ctx: DemoContext, networks: list[str], by_network: dict[str, list[Sent]], first: First
) -> None:
    """People on both networks not merged yet: the same name and the same website."""
    if len(networks) < 2:
        return
    rng = ctx.rng
    pairs = []
    for n in range(SUGGESTED):
        name = ctx.new_name()
        site = f"https://{ascii_slug(name)}.example"
        made = []
        for network in networks[:2]:
            advocate = Advocate.objects.create(name=name, created_at=ctx.now)
            account = _account(network, name, 100_000 + n)
            account.advocate, account.links = advocate, [{"url": site, "verified": False}]
            account.save()
            post = rng.choice(by_network[network])
            EngagementEvent.objects.create(
                network=network,
                natural_key=f"demo:like:{account.remote_id}:{post.remote_id}",
                kind=Kind.LIKE,
                account=account,
                person_id=post.person_id,
                publication_id=post.pk,
                remote_post_id=post.remote_id,
                occurred_at=post.sent_at,
                source=Source.DEMO,
                recorded_at=ctx.now,
            )
            first.note(advocate.pk, post.sent_at)
            made.append((advocate, account))
        pairs.append(
            MatchSuggestion(
                first=made[0][1],
                second=made[1][1],
                reason=MatchSuggestion.Reason.SAME_NAME_AND_LINK,
                evidence=site,
                created_at=ctx.now,
            )
        )
    MatchSuggestion.objects.bulk_create(pairs)


def _blog_comments(ctx: DemoContext, first: First) -> None:
    """Readers who commented on the blog, as the periodic reading would have stored them."""
    comments = Comment.objects.filter(status=Comment.Status.APPROVED).select_related("article")
    by_email: dict[str, RemoteAccount] = {}
    rows = []
    for comment in comments:
        account = by_email.get(comment.email)
        if account is None:
            advocate = Advocate.objects.create(name=comment.name, created_at=ctx.now)
            account = RemoteAccount.objects.create(
                network=Network.BLOG,
                remote_id=blog_commenter_id(comment.email),
                handle=comment.name,
                display_name=comment.name,
                advocate=advocate,
                first_seen_at=ctx.now,
                updated_at=ctx.now,
            )
            by_email[comment.email] = account
        rows.append(
            EngagementEvent(
                network=Network.BLOG,
                natural_key=f"comment:{comment.pk}",
                kind=Kind.BLOG_COMMENT,
                account=account,
                person_id=comment.article.person_id,
                article_id=comment.article_id,
                occurred_at=comment.created_at,
                text=comment.text[:500],
                source=Source.DEMO,
                recorded_at=ctx.now,
            )
        )
        first.note(account.advocate_id, comment.created_at)
    EngagementEvent.objects.bulk_create(rows, batch_size=BATCH)


X_EXPORT_ROWS = 40


def _x_export(ctx: DemoContext, first: First) -> None:
    """An export of the CEO's X engagement, imported by the communications team."""
    rng = ctx.rng
    comms = next(iter(ctx.users_by_role.get(Role.COMMS, [])), None)
    slug = ctx.ceo.slug
    rows, made = ["network,kind,account_id,handle,display_name,occurred_at,executive"], []
    for n in range(X_EXPORT_ROWS):
        name = ctx.new_name()
        handle = f"@{ascii_slug(name).replace('-', '_')[:15]}"
        when = ctx.now - dt.timedelta(days=rng.uniform(1, 300))
        kind = rng.choice((Kind.LIKE, Kind.LIKE, Kind.REPOST, Kind.REPLY))
        account_id = str(1_500_000_000 + n)
        rows.append(f"x,{kind},{account_id},{handle},{name},{when:%Y-%m-%dT%H:%M:%SZ},{slug}")
        made.append((name, handle, account_id, kind, when))
    content = ("\n".join(rows) + "\n").encode()
    job = ImportJob.objects.create(
        file=ctx.save_file("advocates/imports/demo-x-export.csv", content),
        filename="x-engagement-export.csv",
        format=ImportJob.Format.CSV,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        state=ImportJob.State.DONE,
        rows_total=len(made),
        position=len(made),
        added=len(made),
        created_by=comms,
        created_at=ctx.now,
        heartbeat_at=ctx.now,
        finished_at=ctx.now,
    )
    for name, handle, account_id, kind, when in made:
        advocate = Advocate.objects.create(name=name, created_at=ctx.now)
        account = RemoteAccount.objects.create(
            network=Network.X,
            remote_id=account_id,
            handle=handle,
            display_name=name,
            advocate=advocate,
            first_seen_at=ctx.now,
            updated_at=ctx.now,
        )
        key = f"{kind}:{account_id}:@{slug}" + (
            "" if kind != Kind.REPLY else f":{when.isoformat()}"
        )
        EngagementEvent.objects.create(
            network=Network.X,
            natural_key=key,
            kind=kind,
            account=account,
            person=ctx.ceo,
            occurred_at=when,
            source=Source.IMPORT,
            import_job=job,
            recorded_at=ctx.now,
        )
        first.note(advocate.pk, when)


REPLIES = (
    "This is exactly why we keep coming back.",
    "Shared this with my whole team.",
    "Thank you for writing this so plainly.",
    "We saw the same in our own hotels last year.",
    "Would love to hear more about how you measured it.",
    "Great point about listening first.",
    "Bookmarking this one.",
    "Our staff loved this. Thank you!",
)
