"""A post's status page tells the executive that it waits for *their* approval, and offers it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.publishing.actions import do_schedule
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


@pytest.fixture
def held_post(ian, erin):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    return post


def approve_url(post):
    return reverse("publishing-approve-revision", args=[post.pk])


def test_it_tells_the_executive_it_waits_for_your_approval(client, erin, held_post):
    client.force_login(erin)
    html = client.get(reverse("publishing-show-post", args=[held_post.pk])).content.decode()
    assert "Waiting for your approval" in html
    assert "Erin Executive&#x27;s approval" not in html
    assert f'action="{approve_url(held_post)}"' in html


def test_it_names_the_executive_to_whoever_else_reads_it(client, ian, held_post):
    client.force_login(ian)
    html = client.get(reverse("publishing-show-post", args=[held_post.pk])).content.decode()
    assert "Waiting for Erin Executive&#x27;s approval" in html
    assert approve_url(held_post) not in html


def test_approving_from_the_status_page_releases_the_post_and_returns_there(
    client, erin, held_post
):
    client.force_login(erin)
    response = client.post(
        approve_url(held_post), {"revision": held_post.latest_revision.pk, "from": "status"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing-show-post", args=[held_post.pk])
    assert set(held_post.publications.values_list("state", flat=True)) == {"scheduled"}


def test_the_assistant_cannot_approve_from_the_status_page(client, ian, held_post):
    client.force_login(ian)
    client.post(
        approve_url(held_post), {"revision": held_post.latest_revision.pk, "from": "status"}
    )
    assert set(held_post.publications.values_list("state", flat=True)) == {"held"}
