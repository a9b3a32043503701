"""The posts list: drafts (which the calendar cannot show), approvals waiting, scheduled, sent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.outbox.models import Publication
from podium.publishing.actions import do_schedule
from tests.conftest import PASSWORD
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def test_it_lists_drafts_and_posts_waiting_for_approval(
    client, erin, ian, django_assert_max_num_queries
):
    kept = draft(erin, erin.person, text="A draft for later")
    waiting = draft(ian, erin.person, text="Ian wrote this")
    do_schedule(ian, waiting, later())
    for i in range(5):
        post = draft(erin, erin.person, text=f"Sent number {i}")
        do_schedule(erin, post, later())
        post.publications.update(state=Publication.State.SENT)
    client.login(email=erin.email, password=PASSWORD)
    url = reverse("publishing-list-posts")
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "A draft for later" in body and "Sent number 4" in body and "needs approval" in body
    drafts = client.get(url, {"show": "drafts"}).content.decode()
    assert "A draft for later" in drafts and "Ian wrote this" not in drafts
    approval = client.get(url, {"show": "approval"}).content.decode()
    assert "Ian wrote this" in approval and "A draft for later" not in approval
    assert kept.pk


def test_frank_sees_none_of_erins_posts(client, erin, frank):
    draft(erin, erin.person, text="Erin's private draft")
    client.login(email=frank.email, password=PASSWORD)
    body = client.get(reverse("publishing-list-posts")).content.decode()
    assert "Erin's private draft" not in body


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("publishing-list-posts"))
    assert response.status_code == 302


def test_a_post_on_two_networks_is_listed_once_in_each_filter(client, erin):
    post = draft(erin, erin.person, text="Out on two networks")
    do_schedule(erin, post, later())
    post.publications.update(state=Publication.State.SENT)
    client.login(email=erin.email, password=PASSWORD)
    url = reverse("publishing-list-posts")
    for shown in ("", "sent"):
        assert client.get(url, {"show": shown}).content.decode().count("Out on two networks") == 1


@pytest.mark.parametrize("shown", ["", "drafts", "approval", "scheduled", "sent"])
def test_its_queries_do_not_grow_with_the_posts(
    client, erin, ian, shown, django_assert_max_num_queries
):
    client.login(email=erin.email, password=PASSWORD)
    url = reverse("publishing-list-posts")

    def add_posts(count: int) -> None:
        for i in range(count):
            post = draft(ian, erin.person, text=f"Post {i}")
            do_schedule(ian, post, later())
            if i % 2:
                post.publications.update(state=Publication.State.SENT)

    add_posts(2)
    client.get(url, {"show": shown})
    with django_assert_max_num_queries(12):
        client.get(url, {"show": shown})
    add_posts(10)
    with django_assert_max_num_queries(12):
        client.get(url, {"show": shown})
