"""The home cards of drafts waiting for approval, and approving a draft from them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.blog.actions import do_save_article
from podium.notifications.models import Nudge
from podium.publishing.actions import do_edit_post
from tests.publishing.composing import draft

pytestmark = pytest.mark.django_db
HOME = reverse("org-executive-home")


def approve_url(post) -> str:
    return reverse("governance-approve-waiting-post", args=[post.latest_revision.pk])


def html_of(client, user, url=HOME) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


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
    url = reverse("governance-approve-waiting-article", args=[article.pk])
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
    url = reverse("governance-approve-waiting-article", args=[article.pk])
    assert client.post(url).status_code == 404
    assert post.latest_revision.approved_at is None


def test_other_roles_cannot_use_the_home_approval(client, carol, arthur, ian, erin):
    post = draft(ian, erin.person)
    for user in (carol, arthur):
        client.force_login(user)
        assert client.post(approve_url(post)).status_code == 403


def test_approving_from_home_is_post_only(client, ian, erin):
    post = draft(ian, erin.person)
    client.force_login(erin)
    assert client.get(approve_url(post)).status_code == 405
    assert not erin.person.posts.get().latest_revision.approved_at


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
