"""The demo's idea portal: what a visitor would notice."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from podium.ideas.models import Board, Comment, Idea, Status, Vote
from podium.system.demo import run_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    """Checked in one test: the demo takes seconds to make."""
    return run_demo()


def test_its_portal_has_believable_ideas_counted_from_their_votes():
    assert set(Board.objects.values_list("visibility", flat=True)) == {"public", "staff"}
    assert Idea.objects.count() == 60
    assert Idea.objects.filter(status=Status.LAUNCHED).count() >= 3
    assert (
        Comment.objects.filter(kind=Comment.Kind.OFFICIAL, approved_at__isnull=False).count() >= 10
    )
    assert Comment.objects.filter(kind=Comment.Kind.PUBLIC).count() >= 30
    merged = Idea.objects.filter(merged_into__isnull=False)
    assert merged.count() == 3 and all(i.status == Status.DUPLICATE for i in merged)

    # Its vote counts are the rows.
    counted = Idea.objects.annotate(n=Count("votes"))
    assert all(i.vote_count == i.n for i in counted)
    assert Vote.objects.count() > 1000

    # And its portal answers for the public.
    client = Client()
    page = client.get(reverse("ideas-index")).content.decode()
    top = Idea.objects.filter(board__slug="guests", merged_into=None).order_by("-vote_count")[0]
    assert top.title in page
    assert client.get(reverse("ideas-roadmap")).status_code == 200
    assert client.get(top.get_absolute_url()).status_code == 200
