"""Each of Voice's KPIs counts what a user would count, and says "no data" rather than 0."""

from __future__ import annotations

import datetime as dt

from podium.blog.models import Comment
from podium.governance.kpis import get_kpi
from podium.planning.models import CadenceTarget
from podium.publishing.models import Post, Revision
from tests.blog.helpers import comment
from tests.governance.objectives_helpers import at
from tests.planning.cadence_builders import article, sent_post

YEAR = (at("2026-01-01", 0), at("2027-01-01", 0))


def measure(key, start=YEAR[0], end=YEAR[1], people=None):
    return get_kpi(key).measure(start, end, people)


def test_it_has_no_data_for_articles_until_someone_writes_one(erin):
    assert measure("blog.articles_published") is None

    article(erin.person, None, published=False)

    assert measure("blog.articles_published") == 0


def test_it_counts_articles_published_in_the_window_per_executive(erin, frank):
    article(erin.person, at("2026-02-10"))
    article(erin.person, at("2026-03-10"))
    article(frank.person, at("2026-03-11"))
    article(erin.person, at("2025-12-31"))  # before the window

    assert measure("blog.articles_published") == 3
    assert measure("blog.articles_published", people={erin.person.pk}) == 2
    assert measure("blog.articles_published", end=at("2026-03-01")) == 1


def test_it_counts_comments_received_without_spam(erin):
    assert measure("blog.comments_received") is None
    published = article(erin.person, at("2026-02-10"))
    assert measure("blog.comments_received") == 0

    comment(published, Comment.Status.APPROVED)
    comment(published, Comment.Status.PENDING)
    comment(published, Comment.Status.SPAM)

    assert measure("blog.comments_received", end=dt.datetime.now(dt.UTC)) == 2


def test_it_times_approvals_as_a_median_in_hours(erin, ian):
    assert measure("publishing.approval_lead_time") is None
    for hours in (2, 4, 30):
        post = Post.objects.create(person=erin.person, created_by=ian)
        Revision.objects.create(
            post=post,
            number=1,
            text="Drafted",
            created_by=ian,
            created_at=at("2026-05-01", 8),
            approved_by=erin,
            approved_at=at("2026-05-01", 8) + dt.timedelta(hours=hours),
        )

    assert measure("publishing.approval_lead_time") == 4.0


def test_it_has_no_executives_on_track_when_there_are_no_executives(db):
    assert measure("publishing.executives_on_track") is None
    assert measure("publishing.posts_on_cadence") is None


def test_it_measures_the_share_of_executives_on_track_last_week(erin, frank):
    # Both want 2 posts a week; in the week of Monday 2 March 2026, erin sent 2, frank 1.
    for person in (erin.person, frank.person):
        CadenceTarget.objects.create(person=person, posts_per_week=2, articles_per_month=0)
    sent_post(erin.person, at("2026-03-03"))
    sent_post(erin.person, at("2026-03-05"))
    sent_post(frank.person, at("2026-03-04"))

    start, end = at("2026-03-02", 0), at("2026-03-09", 1)

    assert measure("publishing.executives_on_track", start, end) == 50.0
    assert measure("publishing.executives_on_track", start, end, {erin.person.pk}) == 100.0
    # Of the 4 posts wanted that week, 3 were sent.
    assert measure("publishing.posts_on_cadence", start, end) == 75.0
