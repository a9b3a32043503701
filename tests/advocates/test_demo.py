"""The demo's advocates: a few hundred on the demo's sent posts, some on two networks, a few
pairs to confirm, the blog's commenters, and a ranking that the pages show."""

from __future__ import annotations

import pytest
from django.db.models import Count

from podium.advocates import scoring
from podium.advocates.models import Advocate, EngagementEvent, ImportJob, MatchSuggestion
from podium.system.demo import reset_data, run_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_advocates_on_its_sent_posts():
    run_demo(seed=7)

    assert Advocate.objects.count() >= 300
    two = Advocate.objects.annotate(n=Count("accounts__network", distinct=True)).filter(n=2)
    assert two.count() >= 10
    # Read from the networks, every event names its post (the X export names the executive).
    events = EngagementEvent.objects.exclude(kind__in=("follow", "blog_comment")).exclude(
        source="import"
    )
    assert events.exists() and not events.filter(publication__isnull=True).exists()
    assert EngagementEvent.objects.filter(kind="blog_comment").exists()
    assert MatchSuggestion.objects.filter(state="open").count() >= 3
    assert not Advocate.objects.filter(first_engaged_at__isnull=True).exists()
    job = ImportJob.objects.get()
    assert job.state == "done" and job.events.count() == job.added == job.rows_total
    assert job.file.read().startswith(b"network,kind,account_id")
    top = list(scoring.ranked()[:10])
    assert top[0].score > top[-1].score, "a heavy tail: the keenest far above the rest"


def test_the_same_seed_gives_the_same_advocates():
    run_demo(seed=7)
    first = list(Advocate.objects.order_by("name").values_list("name", flat=True))
    counts = EngagementEvent.objects.count()
    reset_data()
    run_demo(seed=7)

    assert list(Advocate.objects.order_by("name").values_list("name", flat=True)) == first
    assert EngagementEvent.objects.count() == counts
