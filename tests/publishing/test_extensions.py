"""The extension point (publishing/extensions.py): a higher app's fields in compose, saved in
the action's transaction, and its checks, which block scheduling with their reason."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from podium.publishing import extensions
from podium.publishing.actions import do_schedule
from podium.publishing.models import Post
from tests.conftest import PASSWORD
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]

SAVED: dict[int, str] = {}


class Mood(extensions.Extension):
    """A test extension: a "mood" field, and the word "secret" blocks scheduling."""

    key = "mood"
    title = "Mood"

    def fields(self, user):
        return {"mood": forms.ChoiceField(choices=[("", "—"), ("glad", "Glad")], required=False)}

    def initial(self, post):
        return {"mood": SAVED.get(post.pk, "") if post else ""}

    def save(self, actor, post, revision, values, *, via):
        SAVED[post.pk] = values["mood"]

    def check(self, subject):
        return [
            extensions.Finding(
                key="mood.secret",
                effect=extensions.Effect.BLOCK,
                reason="Secrets stay inside.",
                network=t.network,
                part=t.part,
                start=m.start(),
                end=m.end(),
                words=m.group(),
            )
            for t in subject.texts
            for m in re.finditer(r"secret", t.text)
        ]


@pytest.fixture(autouse=True)
def mood() -> Iterator[None]:
    before = {e.key: e for e in extensions.registered()}
    for key in before:
        extensions.unregister(key)
    extensions.register(Mood())
    yield
    extensions.unregister("mood")
    SAVED.clear()
    for extension in before.values():
        extensions.register(extension)


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_it_adds_the_section_to_compose_and_saves_it_with_the_post(client, erin):
    client = signed_in(client, erin)
    assert 'name="mood"' in client.get(reverse("publishing-compose")).content.decode()
    response = client.post(
        reverse("publishing-compose"),
        {
            "person": erin.person.pk,
            "text": "Hello",
            "networks": ["mastodon"],
            "when": "draft",
            "mood": "glad",
        },
    )
    assert response.status_code == 302
    assert SAVED[Post.objects.get().pk] == "glad"


def test_a_blocking_finding_refuses_scheduling_with_its_reason(erin):
    post = draft(erin, erin.person, "Our secret plan.")
    with pytest.raises(ValidationError, match="Secrets stay inside"):
        do_schedule(erin, post, later())
    assert post.publications.count() == 0


def test_values_from_outside_compose_are_cleaned_by_the_same_fields(erin):
    assert extensions.clean_values(erin, {"mood": "glad"}) == {"mood": {"mood": "glad"}}
    with pytest.raises(ValidationError) as refused:
        extensions.clean_values(erin, {"mood": "cross"})
    assert "cross" in str(refused.value.message_dict["mood"])


def test_the_live_check_marks_the_words_found(client, erin):
    response = signed_in(client, erin).post(
        reverse("publishing-check"),
        {"person": erin.person.pk, "text": "A secret, kept.", "networks": ["mastodon"]},
    )
    body = response.content.decode()
    assert "Secrets stay inside." in body and "Blocks scheduling" in body
    assert "A <mark>secret</mark>, kept." in body
