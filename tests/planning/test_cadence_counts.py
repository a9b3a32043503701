"""Cadence counts and status: local weeks and months, distinct posts, pace."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from podium.outbox.models import Publication
from podium.planning import cadence
from podium.planning.models import CadenceTarget
from tests.planning.cadence_builders import article, sent_post

pytestmark = pytest.mark.django_db

NY = zoneinfo.ZoneInfo("America/New_York")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NY)


@pytest.fixture
def person(erin):
    p = erin.person
    p.timezone = "America/New_York"
    p.save()
    return p


def test_it_counts_a_post_once_however_many_networks(person):
    sent_post(person, at(2026, 11, 17, 9), networks=("mastodon", "bluesky", "x"))
    c = cadence.cadence_for(person, now=at(2026, 11, 18, 12))
    assert c.posts.count == 1


def test_it_counts_a_post_in_the_week_it_was_first_sent(person):
    # Out on Mastodon on a Friday in October, on Bluesky only weeks later (a retry).
    post = sent_post(person, at(2026, 10, 30, 9))
    post.publications.filter(channel_account__network="bluesky").update(sent_at=at(2026, 11, 17))
    assert cadence.cadence_for(person, now=at(2026, 11, 18, 12)).posts.count == 0
    assert cadence.cadence_for(person, now=at(2026, 10, 31, 12)).posts.count == 1


def test_it_counts_posts_in_the_local_week(person):
    # Monday 00:30 in New York is Monday 05:30 UTC; Sunday 23:30 New York is Monday 04:30 UTC.
    sent_post(person, at(2026, 11, 16, 0, 30))  # this week (Monday)
    sent_post(person, at(2026, 11, 15, 23, 30))  # last week (Sunday night, already Monday UTC)
    sent_post(person, at(2026, 11, 22, 23, 30))  # this week (Sunday night)
    sent_post(person, at(2026, 11, 23, 0, 0))  # next week
    c = cadence.cadence_for(person, now=at(2026, 11, 20, 12))
    assert c.posts.count == 2
    assert c.week_start == at(2026, 11, 16)


def test_it_uses_the_executives_timezone_for_the_week(person):
    sent_post(person, at(2026, 11, 15, 21, 0))  # Sunday evening in New York, Monday 02:00 UTC
    wednesday = at(2026, 11, 18, 12)
    assert cadence.cadence_for(person, now=wednesday).posts.count == 0
    person.timezone = "UTC"
    person.save()
    assert cadence.cadence_for(person, now=wednesday).posts.count == 1


def test_it_ignores_posts_not_sent(person):
    sent_post(person, at(2026, 11, 17, 9), state=Publication.State.SCHEDULED)
    sent_post(person, at(2026, 11, 17, 9), state=Publication.State.FAILED)
    assert cadence.cadence_for(person, now=at(2026, 11, 18)).posts.count == 0


def test_it_counts_published_articles_in_the_local_month(person):
    article(person, at(2026, 11, 1, 0, 10))  # this month (already)
    article(person, at(2026, 10, 31, 23, 50))  # last month, though November in UTC
    article(person, at(2026, 11, 30, 23, 50))  # this month, though December in UTC
    article(person, None, published=False)
    c = cadence.cadence_for(person, now=at(2026, 11, 20))
    assert c.articles.count == 2
    assert c.month_start == at(2026, 11, 1)


def test_it_is_on_track_early_in_the_week_with_nothing_yet(person):
    with time_machine.travel(at(2026, 11, 2, 9), tick=False):
        c = cadence.cadence_for(person)
    assert c.posts.expected == 0
    assert c.status == cadence.ON_TRACK


def test_it_is_behind_late_in_the_week_and_month(person):
    CadenceTarget.objects.create(person=person, posts_per_week=2, articles_per_month=1)
    with time_machine.travel(at(2026, 11, 20, 18), tick=False):
        c = cadence.cadence_for(person)
    assert c.posts.status == cadence.BEHIND
    assert c.articles.status == cadence.BEHIND
    assert c.status == cadence.BEHIND
    assert c.posts.missing == 1


def test_it_is_on_track_when_keeping_pace_and_ahead_above_target(person):
    sent_post(person, at(2026, 11, 17, 9))
    article(person, at(2026, 11, 3, 9))
    with time_machine.travel(at(2026, 11, 20, 18), tick=False):
        assert cadence.cadence_for(person).status == cadence.ON_TRACK
        sent_post(person, at(2026, 11, 18, 9))
        sent_post(person, at(2026, 11, 19, 9))
        article(person, at(2026, 11, 4, 9))
        c = cadence.cadence_for(person)
    assert c.posts.count == 3 and c.posts.status == cadence.AHEAD
    assert c.status == cadence.AHEAD
    assert c.posts.percent == 100


def test_a_zero_target_is_never_behind(person):
    CadenceTarget.objects.create(person=person, posts_per_week=0, articles_per_month=0)
    c = cadence.cadence_for(person, now=at(2026, 11, 22, 23))
    assert c.status == cadence.ON_TRACK


def test_it_measures_many_people_in_three_queries(person, frank, django_assert_num_queries):
    sent_post(frank.person, at(2026, 11, 17, 9))
    people = [person, frank.person]
    with django_assert_num_queries(3):
        result = cadence.cadence_for_people(people, now=at(2026, 11, 18))
    assert result[frank.person.pk].posts.count == 1
    assert result[person.pk].posts.count == 0


def test_the_demo_gives_each_executive_targets():
    from podium.org.models import Person
    from podium.system.demo import run_demo

    run_demo(now=dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC))
    assert CadenceTarget.objects.count() == Person.objects.count() > 0
