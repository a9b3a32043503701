"""A hold waits for a cause, not for a sentence: renaming the executive keeps every hold working."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.publishing.actions import do_approve_revision, do_schedule
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def test_it_releases_the_posts_of_an_executive_renamed_on_the_people_page(client, ian, erin, alice):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    assert set(post.publications.values_list("state", flat=True)) == {"held"}

    person = erin.person
    client.force_login(alice)
    response = client.post(
        reverse("org-edit-person", args=[person.slug]),
        {
            "name": "Erin Lindqvist",
            "title": person.title,
            "bio": "",
            "timezone": person.timezone,
            "user": erin.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Erin Lindqvist"

    assert post.publications.first().waiting_reason == "Waiting for Erin Lindqvist's approval"
    do_approve_revision(erin, post.latest_revision)
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}
