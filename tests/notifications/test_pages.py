"""The notifications page and bell, and each user's choice of notifications by email."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.notifications.models import Nudge
from tests.publishing.composing import draft

pytestmark = pytest.mark.django_db
HOME = reverse("org-executive-home")
NOTIFICATIONS = reverse("notifications-list-notifications")
READ_ALL = reverse("notifications-read-all-notifications")


def read_url(nudge) -> str:
    return reverse("notifications-read-notification", args=[nudge.pk])


def html_of(client, user, url=HOME) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the bell and the notifications page ------------------------------------------------------


def test_the_bell_counts_the_users_unread_notifications(client, ian, erin):
    draft(ian, erin.person)
    draft(ian, erin.person, "Another one.")
    html = html_of(client, erin)
    assert 'data-testid="notification-bell"' in html
    assert 'data-testid="notification-count">2<' in html
    assert 'aria-label="Notifications: 2 unread"' in html


def test_no_count_when_nothing_is_unread(client, erin):
    html = html_of(client, erin)
    assert 'data-testid="notification-bell"' in html
    assert 'data-testid="notification-count"' not in html


@pytest.mark.parametrize("who", ["alice", "carol", "arthur", "erin", "ian"])
def test_every_role_has_a_notifications_page(client, who, request):
    html = html_of(client, request.getfixturevalue(who), NOTIFICATIONS)
    assert "You are all caught up" in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_user_sees_only_their_own_notifications(client, ian, erin, frank):
    draft(ian, erin.person, "For Erin's eyes only.")
    assert "For Erin" in html_of(client, erin, NOTIFICATIONS)
    frank_html = html_of(client, frank, NOTIFICATIONS)
    assert "For Erin" not in frank_html and "You are all caught up" in frank_html
    assert "For Erin" not in html_of(client, ian, NOTIFICATIONS)


def test_open_marks_read_and_goes_to_the_page_to_act_on(client, ian, erin):
    post = draft(ian, erin.person)
    nudge = Nudge.objects.get(user=erin)
    client.force_login(erin)
    response = client.post(read_url(nudge), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == f"/posts/{post.pk}/edit/"
    nudge.refresh_from_db()
    assert nudge.read_at is not None
    html = html_of(client, erin, NOTIFICATIONS)
    assert "You are all caught up" in html
    assert "Our new hotel opens today." in html_of(client, erin, NOTIFICATIONS + "?show=all")


def test_mark_read_stays_on_the_page_and_ignores_other_sites(client, ian, erin):
    draft(ian, erin.person)
    nudge = Nudge.objects.get(user=erin)
    client.force_login(erin)
    response = client.post(read_url(nudge), {"next": "https://evil.example/"})
    assert response["Location"] == NOTIFICATIONS


def test_nobody_can_read_someone_elses_notification(client, ian, erin, frank):
    draft(ian, erin.person)
    nudge = Nudge.objects.get(user=erin)
    client.force_login(frank)
    assert client.post(read_url(nudge), {"open": "1"}).status_code == 404
    client.force_login(ian)
    assert client.post(read_url(nudge)).status_code == 404
    nudge.refresh_from_db()
    assert nudge.read_at is None


def test_mark_all_read_touches_only_the_users_own(client, ian, erin, frank):
    draft(ian, erin.person)
    theirs = Nudge.objects.create(person=frank.person, user=frank, message="Behind")
    client.force_login(erin)
    response = client.post(READ_ALL, follow=True)
    assert "Marked 1 notification read." in response.content.decode()
    assert not Nudge.objects.filter(user=erin, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_writes_are_post_only(client, ian, erin):
    draft(ian, erin.person)
    client.force_login(erin)
    assert client.get(READ_ALL).status_code == 405
    assert client.get(read_url(Nudge.objects.get())).status_code == 405


def test_the_page_costs_the_same_queries_for_many_notifications(client, erin):
    client.force_login(erin)
    Nudge.objects.create(person=erin.person, user=erin, message="One")
    with CaptureQueriesContext(connection) as few:
        client.get(NOTIFICATIONS)
    for n in range(20):
        Nudge.objects.create(person=erin.person, user=erin, message=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(NOTIFICATIONS)
    assert len(many) == len(few)


# --- notifications by email, or in Podium only -------------------------------------------------


def test_a_user_turns_notification_emails_off_and_on(
    client, ian, erin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    url = reverse("notifications-set-notification-emails")

    response = client.post(url, {}, follow=True)  # the switch unticked
    erin.refresh_from_db()
    assert erin.notify_by_email is False
    assert "Notifications now stay in Podium" in response.content.decode()
    assert "You get them here only, not by email." in response.content.decode()
    assert AuditEntry.objects.filter(
        action="user.notification_emails_off", actor_id=erin.pk
    ).exists()

    with django_capture_on_commit_callbacks(execute=True):
        post = draft(ian, erin.person, "A draft while emails are off.")
    assert Nudge.objects.filter(user=erin, key=f"revision:{post.latest_revision.pk}").exists()
    assert not any("erin@example.com" in m.to for m in mailoutbox)

    client.post(url, {"notify_by_email": "on"})
    erin.refresh_from_db()
    assert erin.notify_by_email is True
    with django_capture_on_commit_callbacks(execute=True):
        draft(ian, erin.person, "A draft once emails are back on.")
    assert any("erin@example.com" in m.to for m in mailoutbox)


def test_the_email_choice_is_post_only_and_for_signed_in_users(client, erin):
    url = reverse("notifications-set-notification-emails")
    assert client.post(url, {}).status_code == 302  # to sign in
    erin.refresh_from_db()
    assert erin.notify_by_email is True
    client.force_login(erin)
    assert client.get(url).status_code == 405
