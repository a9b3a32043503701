"""Following an idea: its author follows it, others choose to; followers get an email when its
status changes or it gets an official answer, each with a link that stops them in one step."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from podium.ideas import actions
from podium.ideas.models import Follow, Status
from tests.ideas.helpers import browser_of, idea, identity

pytestmark = pytest.mark.django_db


def test_followers_hear_of_a_status_change_and_stop_in_one_step(carol, organisation):
    one = idea("Serve breakfast until noon")
    nora = identity()
    browser_of(nora).post(reverse("ideas-follow-idea", args=[one.pk]))
    assert Follow.objects.filter(idea=one).count() == 2  # the author and nora
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.do_change_status(carol, one, Status.PLANNED, "From March.")
    assert sorted(m.to[0] for m in mail.outbox) == ["author@example.org", "nora@example.org"]
    letter = next(m for m in mail.outbox if m.to == ["nora@example.org"])
    assert "now planned" in letter.subject and "From March." in letter.body
    link = re.search(r"https?://\S+/ideas/unsubscribe/\S+/", letter.body)
    assert link is not None
    path = "/" + link[0].split("/", 3)[3]
    stranger = Client()  # the link works without signing in
    assert b"Stop emailing me" in stranger.get(path).content
    stranger.post(path)
    assert not Follow.objects.filter(identity=nora).exists()
    assert b"no longer works" in stranger.get(path).content


def test_an_official_answer_reaches_followers_once_it_shows(carol, erin, organisation):
    one = idea()
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = actions.do_official_answer(carol, one, erin.person, "Yes, in May.")
    assert not [m for m in mail.outbox if m.to == ["author@example.org"]]
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.do_approve_answer(erin, answer)
    letter = next(m for m in mail.outbox if m.to == ["author@example.org"])
    assert "Erin Executive" in letter.body and "Yes, in May." in letter.body


def test_a_forged_unsubscribe_link_stops_nothing(client, organisation):
    one = idea()
    follow = Follow.objects.get(idea=one)
    response = client.post(reverse("ideas-unsubscribe", args=[f"{follow.pk}:forged"]))
    assert response.status_code == 200 and b"no longer works" in response.content
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_following_from_the_page_and_stopping(organisation):
    one, nora = idea(), identity()
    browser = browser_of(nora)
    browser.post(reverse("ideas-follow-idea", args=[one.pk]))
    page = browser.get(one.get_absolute_url()).content.decode()
    assert "Stop following" in page
    browser.post(reverse("ideas-follow-idea", args=[one.pk]), {"follow": "stop"})
    assert not Follow.objects.filter(identity=nora).exists()
