"""The demo's objectives: three, each with a year of progress computed from the demo's data."""

from __future__ import annotations

from podium.blog.models import Article
from podium.governance.localtime import org_zone
from podium.governance.objectives import Objective
from podium.governance.progress import progress_for
from podium.publishing.models import Post
from podium.system.demo import run_demo


def test_it_sets_three_objectives_with_a_year_of_measured_progress(db):
    ctx = run_demo()

    objectives = list(Objective.objects.all())
    assert len(objectives) == 3
    for goal in objectives:
        progress = progress_for(goal, org_zone(), now=ctx.now)
        measured = [p.value for p in progress.points if p.value is not None]
        assert len(measured) >= 11, (goal.name, progress.points)
        assert progress.percent is not None and 0 < progress.percent < 150, goal.name


def test_some_demo_posts_serve_the_cadence_and_conversation_objectives(db):
    run_demo()

    tagged = {o.name: o.posts.count() for o in Objective.objects.all()}
    total = Post.objects.count()
    assert 0.2 * total < tagged["Keep the leadership on cadence"] < 0.4 * total
    assert 0 < tagged["Start conversations with readers"] < 0.2 * total
    assert tagged["Every leader on the blog"] == 0  # articles serve it, not posts
    blog = Objective.objects.get(name="Every leader on the blog")
    assert blog.articles.count() == Article.objects.count() > 0
