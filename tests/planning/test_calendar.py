"""The calendar: week and month views, per executive, and moving posts by drag and drop."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.org.models import Person
from podium.outbox.models import Publication
from podium.planning.views_calendar import PER_DAY
from podium.publishing.actions import do_schedule
from tests.conftest import PASSWORD, make_user
from tests.publishing.composing import account, draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _a_wednesday_in_may(time_machine):
    """Posts a day or two ahead stay in this week, in this month and this year, far from a clock
    change (on a Saturday, "tomorrow" and "the day after" were in two different weeks)."""
    time_machine.move_to(dt.datetime(2031, 5, 14, 11, 0, tzinfo=LONDON), tick=False)


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def scheduled(user, person, days=2, text="Our new hotel opens today."):
    post = draft(user, person, text=text)
    when = (timezone.now() + dt.timedelta(days=days)).astimezone(LONDON)
    do_schedule(user, post, when.replace(minute=15, second=0, microsecond=0))
    post.refresh_from_db()
    return post


def test_the_week_shows_scheduled_and_sent_posts(client, erin):
    post = scheduled(erin, erin.person, days=1)
    sent = scheduled(erin, erin.person, days=2, text="Already out")
    sent.publications.update(state=Publication.State.SENT)
    start = post.scheduled_for.astimezone(LONDON).date()
    response = signed_in(client, erin).get(
        reverse("publishing-calendar"), {"start": start.isoformat()}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-post="{post.pk}"' in body and "cal-net-mastodon" in body
    assert "cal-sent" in body and "Already out" in body
    assert "calendar.js" in body


def test_the_month_view_and_the_executive_filter(client, carol, erin, frank):
    account(frank.person, "mastodon")
    account(frank.person, "x")
    mine = scheduled(erin, erin.person, days=3)
    theirs = scheduled(frank, frank.person, days=3, text="Frank's numbers")
    start = mine.scheduled_for.astimezone(LONDON).date().isoformat()
    client = signed_in(client, carol)
    body = client.get(reverse("publishing-calendar"), {"view": "month", "start": start})
    assert f'data-post="{theirs.pk}"' in body.content.decode()
    filtered = client.get(
        reverse("publishing-calendar"),
        {"view": "month", "start": start, "person": erin.person.slug},
    ).content.decode()
    assert f'data-post="{mine.pk}"' in filtered and f'data-post="{theirs.pk}"' not in filtered


def test_frank_does_not_see_erins_posts(client, erin, frank):
    post = scheduled(erin, erin.person, days=1)
    start = post.scheduled_for.date().isoformat()
    body = signed_in(client, frank).get(reverse("publishing-calendar"), {"start": start})
    assert f'data-post="{post.pk}"' not in body.content.decode()


def move(client, post, date, time="10:15"):
    response = client.post(
        reverse("publishing-move-post"),
        {"post": post.pk, "date": date, "time": time, "tz": "Europe/London"},
    )
    return response.status_code, json.loads(response.content)


def test_dragging_moves_a_post(client, erin):
    post = scheduled(erin, erin.person, days=1)
    target = (timezone.now() + dt.timedelta(days=5)).astimezone(LONDON).date()
    status, data = move(signed_in(client, erin), post, target.isoformat())
    assert status == 200 and data["ok"]
    expected = dt.datetime.combine(target, dt.time(10, 15), LONDON)
    assert set(post.publications.values_list("due_at", flat=True)) == {expected}


def test_it_refuses_to_move_into_the_past(client, erin):
    post = scheduled(erin, erin.person, days=1)
    status, data = move(signed_in(client, erin), post, "2001-01-01")
    assert status == 400 and "is in the past" in data["message"]


def test_it_refuses_to_move_a_claimed_post(client, erin):
    post = scheduled(erin, erin.person, days=1)
    post.publications.update(state=Publication.State.CLAIMED)
    target = later(24 * 6).date().isoformat()
    status, data = move(signed_in(client, erin), post, target)
    assert status == 400 and "already been claimed" in data["message"]


def test_frank_cannot_move_erins_post(client, erin, frank):
    post = scheduled(erin, erin.person, days=1)
    status, _ = move(signed_in(client, frank), post, later(24 * 6).date().isoformat())
    assert status == 404
    assert post.publications.first().due_at == post.scheduled_for


def test_an_approver_sees_the_calendar_but_may_not_move(client, arthur, erin):
    post = scheduled(erin, erin.person, days=1)
    client = signed_in(client, arthur)
    assert client.get(reverse("publishing-calendar")).status_code == 200
    status = client.post(reverse("publishing-move-post"), {"post": post.pk}).status_code
    assert status == 403


def test_the_calendar_reads_a_fixed_number_of_queries(
    client, erin, ian, django_assert_max_num_queries
):
    first = scheduled(ian, erin.person, days=1)
    for days in range(2, 7):
        scheduled(ian, erin.person, days=days)
    client = signed_in(client, ian)
    start = first.scheduled_for.date().isoformat()
    with django_assert_max_num_queries(14):
        response = client.get(reverse("publishing-calendar"), {"start": start, "view": "month"})
    assert response.content.decode().count("cal-movable") >= 5


def executive(number: int) -> User:
    user = make_user(f"exec{number}@example.com", f"Executive {number}", Role.EXECUTIVE)
    person = Person.objects.create(name=f"Executive {number}", title="Director", user=user)
    account(person, "mastodon")
    return user


@pytest.mark.parametrize("reader", ["arthur", "carol"])
def test_the_calendar_reads_as_many_queries_for_many_executives_as_for_one(
    client, erin, reader, request, django_assert_max_num_queries
):
    first = scheduled(erin, erin.person, days=1)
    client = signed_in(client, request.getfixturevalue(reader))
    week = {"start": first.scheduled_for.date().isoformat()}
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("publishing-calendar"), week)
    queries = len(one.captured_queries)  # read now: the next request resets Django's log
    for number in range(6):
        scheduled(user := executive(number), user.person, days=1 + number % 2)

    with django_assert_max_num_queries(queries):
        response = client.get(reverse("publishing-calendar"), week)
    assert response.content.decode().count("data-post=") == 7


def test_a_busy_day_shows_its_first_posts_and_says_how_many_more(client, carol, erin):
    posts = [
        scheduled(erin, erin.person, days=1, text=f"Post {n}") for n in range(PER_DAY["week"] + 2)
    ]
    week = {"start": posts[0].scheduled_for.date().isoformat()}

    body = signed_in(client, carol).get(reverse("publishing-calendar"), week).content.decode()

    assert body.count("data-post=") == PER_DAY["week"]
    assert f'data-post="{posts[0].pk}"' in body and f'data-post="{posts[-1].pk}"' not in body
    assert "2 more posts this day: choose an executive to see theirs" in body


def test_a_move_answers_the_new_day_and_time_to_announce(client, erin):
    post = scheduled(erin, erin.person, days=1)
    target = (timezone.now() + dt.timedelta(days=5)).astimezone(LONDON).date()
    status, data = move(signed_in(client, erin), post, target.isoformat(), "09:00")
    assert status == 200
    assert data["date"] == target.isoformat() and data["time"] == "09:00"
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[target.weekday()]
    year = "" if target.year == timezone.now().astimezone(LONDON).year else f" {target.year}"
    assert data["message"] == f"Moved to {weekday} {target.day} {target:%b}{year} 09:00."


def test_a_move_without_a_time_says_what_to_give(client, erin):
    post = scheduled(erin, erin.person, days=1)
    status, data = move(signed_in(client, erin), post, later(24 * 6).date().isoformat(), "")
    assert status == 400
    assert "a date as YYYY-MM-DD and a time as HH:MM" in data["message"]
    assert post.publications.first().due_at == post.scheduled_for


def test_only_movable_posts_are_keyboard_movable_and_have_move(client, erin):
    post = scheduled(erin, erin.person, days=1)
    sent = scheduled(erin, erin.person, days=1, text="Already out")
    sent.publications.update(state=Publication.State.SENT)
    start = post.scheduled_for.astimezone(LONDON).date().isoformat()
    body = signed_in(client, erin).get(reverse("publishing-calendar"), {"start": start})
    html = body.content.decode()
    assert html.count("data-movable") == 1 and html.count("data-move-open") == 1
    assert f'data-movable data-post="{post.pk}"' in html
    assert 'aria-describedby="cal-move-help"' in html and 'id="cal-move-help"' in html
    assert "data-move-dialog" in html and "data-calendar-live" in html


def test_an_approver_gets_no_move_controls(client, arthur, erin):
    post = scheduled(erin, erin.person, days=1)
    start = post.scheduled_for.astimezone(LONDON).date().isoformat()
    html = signed_in(client, arthur).get(reverse("publishing-calendar"), {"start": start})
    html = html.content.decode()
    assert f'data-post="{post.pk}"' in html
    assert "data-movable" not in html and "data-move-dialog" not in html


def test_a_post_shows_the_calendars_local_time_in_summer_too(client, erin):
    """In British summer time 09:15 London is 08:15 UTC: the post shows 09:15 in the 09:00 row
    (the time the keyboard and drag moves start from)."""
    erin.person.timezone = "Europe/London"
    erin.person.save()
    post = draft(erin, erin.person)
    do_schedule(erin, post, dt.datetime(2031, 7, 1, 9, 15, tzinfo=LONDON))
    body = signed_in(client, erin).get(
        reverse("publishing-calendar"), {"start": "2031-07-01", "person": erin.person.slug}
    )
    html = body.content.decode()
    assert 'data-date="2031-07-01" data-time="09:15"' in html
    assert '<span class="cal-time">09:15</span>' in html
    cell = html.split('data-drop-date="2031-07-01" data-drop-hour="9"')[1].split("cal-cell")[0]
    assert f'data-post="{post.pk}"' in cell
