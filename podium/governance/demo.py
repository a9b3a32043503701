"""Demo step: three program objectives over the past year, each measured from the demo's own
posts, articles and comments (progress is never stored), and some of the posts tagged with the
objectives they serve."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from podium.accounts.roles import Role
from podium.blog.models import Article
from podium.governance import demo_chains
from podium.governance.objectives import Objective
from podium.lib.demo import DemoContext
from podium.publishing.models import Post

LABEL = "program objectives"

# What share of the posts each objective is tagged on, by its name.
TAGGED = {"Keep the leadership on cadence": 0.3, "Start conversations with readers": 0.1}

# (name, KPI, baseline, target, owner's role)
OBJECTIVES = (
    ("Every leader on the blog", "blog.articles_published", "0", "40", Role.COMMS),
    ("Keep the leadership on cadence", "publishing.posts_on_cadence", "50", "85", Role.COMMS),
    ("Start conversations with readers", "blog.comments_received", "0", "250", Role.ADMIN),
)


def populate(ctx: DemoContext) -> None:
    today = ctx.now.date()
    # Twelve months back to the end of next month: a year measured, a few weeks still to go.
    starts_on = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    ends_on = (today.replace(day=1) + dt.timedelta(days=62)).replace(day=1) - dt.timedelta(days=1)
    objectives = Objective.objects.bulk_create(
        Objective(
            name=name,
            owner=ctx.users_by_role[role][0],
            kpi=kpi,
            starts_on=starts_on,
            ends_on=ends_on,
            baseline=Decimal(baseline),
            target=Decimal(target),
            created_at=dt.datetime.combine(starts_on, dt.time(9), tzinfo=dt.UTC),
        )
        for name, kpi, baseline, target, role in OBJECTIVES
    )
    tags = Objective.posts.through
    post_ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    tags.objects.bulk_create(
        tags(objective_id=objective.pk, post_id=post_id)
        for objective in objectives
        if objective.name in TAGGED
        for post_id in post_ids
        if ctx.rng.random() < TAGGED[objective.name]
    )
    blog = next(o for o in objectives if o.kpi == "blog.articles_published")
    blog.articles.set(Article.objects.all())  # every article serves "every leader on the blog"
    demo_chains.populate(ctx)
