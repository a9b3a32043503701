"""Cadence on the executive home and program overview; the targets page; dismissing nudges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.notifications.models import Nudge
from podium.org.models import Person
from podium.planning.models import CadenceTarget
from tests.planning.cadence_builders import sent_post

pytestmark = pytest.mark.django_db


def targets_url(person) -> str:
    return reverse("publishing-edit-cadence", args=[person.slug])


def test_the_executive_home_shows_the_cadence_card(client, erin):
    client.force_login(erin)
    html = client.get(reverse("org-executive-home")).content.decode()
    assert 'data-testid="cadence-card"' in html
    assert "Posts this week" in html and "Articles this month" in html
    assert targets_url(erin.person) in html


def test_the_executive_home_shows_and_dismisses_unread_nudges(client, erin):
    nudge = Nudge.objects.create(person=erin.person, user=erin, message="You are behind: 0 of 2.")
    client.force_login(erin)
    home = reverse("org-executive-home")
    assert "You are behind: 0 of 2." in client.get(home).content.decode()
    response = client.post(
        reverse("publishing-dismiss-nudge", args=[nudge.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == home
    nudge.refresh_from_db()
    assert nudge.read_at is not None
    assert "You are behind: 0 of 2." not in client.get(home).content.decode()


def test_a_user_cannot_dismiss_someone_elses_nudge(client, erin, frank):
    nudge = Nudge.objects.create(person=erin.person, user=erin, message="Behind")
    client.force_login(frank)
    response = client.post(reverse("publishing-dismiss-nudge", args=[nudge.pk]))
    assert response.status_code == 404
    nudge.refresh_from_db()
    assert nudge.read_at is None


def test_an_executive_sets_their_own_targets(client, erin):
    client.force_login(erin)
    response = client.post(
        targets_url(erin.person),
        {"posts_per_week": "3", "articles_per_month": "2", "nudges_enabled": ""},
    )
    assert response.status_code == 302
    target = CadenceTarget.objects.get(person=erin.person)
    assert (target.posts_per_week, target.articles_per_month, target.nudges_enabled) == (
        3,
        2,
        False,
    )
    assert AuditEntry.objects.filter(action="cadence.targets_set").exists()


def test_comms_sets_anyones_targets(client, carol, erin):
    client.force_login(carol)
    assert client.get(targets_url(erin.person)).status_code == 200
    client.post(
        targets_url(erin.person),
        {"posts_per_week": "1", "articles_per_month": "0", "nudges_enabled": "on"},
    )
    assert CadenceTarget.objects.get(person=erin.person).posts_per_week == 1


def test_frank_cannot_set_erins_targets(client, frank, erin):
    client.force_login(frank)
    assert client.get(targets_url(erin.person)).status_code == 404
    client.post(targets_url(erin.person), {"posts_per_week": "9", "articles_per_month": "9"})
    assert not CadenceTarget.objects.exists()


def test_an_approver_cannot_set_targets(client, arthur, erin):
    client.force_login(arthur)
    assert client.get(targets_url(erin.person)).status_code == 403
    client.post(targets_url(erin.person), {"posts_per_week": "9", "articles_per_month": "9"})
    assert not CadenceTarget.objects.exists()


def test_an_assistant_cannot_set_their_executives_targets(client, ian, erin):
    client.force_login(ian)
    assert client.get(targets_url(erin.person)).status_code == 404


def test_targets_are_bounded(client, erin):
    client.force_login(erin)
    response = client.post(
        targets_url(erin.person), {"posts_per_week": "500", "articles_per_month": "-1"}
    )
    assert response.status_code == 200
    assert not CadenceTarget.objects.exists()


def test_the_program_page_shows_each_executives_cadence(client, carol, erin, frank, time_machine):
    # A Wednesday noon: the three posts seconds apart fall in the same week wherever it starts.
    time_machine.move_to(dt.datetime(2026, 11, 18, 12, tzinfo=dt.UTC), tick=False)
    now = dt.datetime.now(dt.UTC)
    sent_post(erin.person, now)
    sent_post(erin.person, now - dt.timedelta(seconds=1))
    sent_post(erin.person, now - dt.timedelta(seconds=2))
    CadenceTarget.objects.create(person=erin.person, posts_per_week=2, articles_per_month=0)
    client.force_login(carol)
    html = client.get(reverse("org-program-home")).content.decode()
    assert html.count('data-testid="cadence-badge"') == 2
    assert "Ahead" in html
    assert 'data-testid="cadence-team"' in html
    assert targets_url(frank.person) in html


def test_the_program_page_query_count_does_not_grow_with_people(client, carol, erin, frank):
    client.force_login(carol)
    url = reverse("org-program-home")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        person = Person.objects.create(name=f"Exec {i}", title="VP", timezone="Europe/Paris")
        sent_post(person, dt.datetime.now(dt.UTC), networks=("mastodon",), by=carol)
        CadenceTarget.objects.create(person=person, posts_per_week=i)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count('data-testid="cadence-badge"') == 8
    assert len(many) == len(few)
