"""The notifications page and bell, and the home cards of drafts waiting for approval."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.blog.actions import do_save_article
from podium.governance.models import AuditEntry
from podium.publishing.actions import do_edit_post
from podium.publishing.models import Nudge
from tests.publishing.composing import draft

pytestmark = pytest.mark.django_db
HOME = reverse("org-executive-home")
NOTIFICATIONS = reverse("publishing-list-notifications")
READ_ALL = reverse("publishing-read-all-notifications")


def read_url(nudge) -> str:
    return reverse("publishing-read-notification", args=[nudge.pk])


def approve_url(post) -> str:
    return reverse("publishing-approve-waiting-post", args=[post.latest_revision.pk])


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
    assert client.get(approve_url(erin.person.posts.get())).status_code == 405


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


# --- "Waiting for your approval" on the executive's home ------------------------------------------


def test_the_home_card_lists_drafts_waiting_for_the_executive(client, ian, erin):
    post = draft(ian, erin.person, "Our new hotel opens today.\nSecond line.", ("mastodon", "x"))
    do_save_article(ian, erin.person, {"title": "Why we listen first", "body": "Body."})
    html = html_of(client, erin)
    assert "Waiting for your approval" in html
    assert html.index('data-testid="waiting-card"') < html.index('data-testid="cadence-card"')
    assert "Our new hotel opens today." in html and "Second line." not in html
    assert "drafted by Ian Assistant" in html
    assert "Mastodon</span>" in html and "X</span>" in html
    assert "Why we listen first" in html and "Blog" in html
    assert f'href="/posts/{post.pk}/edit/"' in html
    assert approve_url(post) in html
    assert 'data-testid="waiting-count">2<' in html


def test_the_home_card_has_an_empty_state(client, erin):
    draft(erin, erin.person, "Written by Erin herself.")
    html = html_of(client, erin)
    assert 'data-testid="waiting-empty"' in html
    assert "Nothing is waiting for your approval." in html
    assert "Written by Erin herself." not in html


def test_approving_from_home_releases_the_text_and_tells_the_drafter(client, ian, erin):
    post = draft(ian, erin.person)
    client.force_login(erin)
    response = client.post(approve_url(post), {"next": HOME}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    html = response.content.decode()
    assert "Approved. This exact text may now be published: “Our new hotel opens today.”" in html
    assert 'data-testid="waiting-empty"' in html
    assert post.latest_revision.approved_by == erin
    assert Nudge.objects.filter(user=ian, kind=Nudge.Kind.APPROVED).count() == 1


def test_approving_an_article_from_home(client, ian, erin):
    article = do_save_article(ian, erin.person, {"title": "Why we listen first", "body": "B."})
    client.force_login(erin)
    url = reverse("publishing-approve-waiting-article", args=[article.pk])
    response = client.post(url, follow=True)
    assert "Approved the article “Why we listen first”" in response.content.decode()
    article.refresh_from_db()
    assert article.approved_by == erin


def test_an_edited_draft_asks_for_the_latest_text(client, ian, erin):
    post = draft(ian, erin.person)
    old = approve_url(post)
    do_edit_post(ian, post, "Changed.", {"mastodon": {"text": "Changed."}})
    client.force_login(erin)
    response = client.post(old, follow=True)
    assert "approve the latest revision" in response.content.decode()
    assert post.revisions.get(number=1).approved_at is None


@pytest.mark.parametrize("who", ["ian", "frank"])
def test_only_the_executive_can_approve_from_home(client, who, ian, erin, frank, request):
    post = draft(ian, erin.person)
    article = do_save_article(ian, erin.person, {"title": "T", "body": "B."})
    client.force_login(request.getfixturevalue(who))
    assert client.post(approve_url(post)).status_code == 404
    url = reverse("publishing-approve-waiting-article", args=[article.pk])
    assert client.post(url).status_code == 404
    assert post.latest_revision.approved_at is None


def test_other_roles_cannot_use_the_home_approval(client, carol, arthur, ian, erin):
    post = draft(ian, erin.person)
    for user in (carol, arthur):
        client.force_login(user)
        assert client.post(approve_url(post)).status_code == 403


def test_the_home_costs_the_same_queries_for_many_waiting_drafts(client, ian, erin):
    draft(ian, erin.person)
    client.force_login(erin)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(6):
        draft(ian, erin.person, f"Draft {n}")
        do_save_article(ian, erin.person, {"title": f"Article {n}", "body": "B."})
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)


# --- what a drafter is waiting for ---------------------------------------------------------------


def test_the_assistant_sees_what_waits_for_the_executive(client, ian, erin):
    draft(ian, erin.person, "Ian's draft for Erin.")
    html = html_of(client, ian)
    assert "Your drafts waiting for approval" in html
    assert "Ian&#x27;s draft for Erin." in html
    assert "Waiting for Erin Executive's approval" in html
    assert "waiting-count" not in html and "Approve</button>" not in html


def test_the_assistant_has_an_empty_state(client, ian, erin):
    html = html_of(client, ian)
    assert 'data-testid="drafted-empty"' in html


def test_comms_see_their_waiting_drafts_on_the_program_home(client, carol, erin):
    post = draft(carol, erin.person, "Carol's draft for Erin.")
    html = html_of(client, carol, reverse("org-program-home"))
    assert "Your drafts waiting for approval" in html and "Carol&#x27;s draft" in html
    client.force_login(erin)
    client.post(approve_url(post))
    html = html_of(client, carol, reverse("org-program-home"))
    assert "Your drafts waiting for approval" not in html
    assert 'data-testid="notification-count">1<' in html  # the "approved" notification


# --- notifications by email, or in Podium only -------------------------------------------------


def test_a_user_turns_notification_emails_off_and_on(
    client, ian, erin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(erin)
    url = reverse("publishing-set-notification-emails")

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
    url = reverse("publishing-set-notification-emails")
    assert client.post(url, {}).status_code == 302  # to sign in
    erin.refresh_from_db()
    assert erin.notify_by_email is True
    client.force_login(erin)
    assert client.get(url).status_code == 405
