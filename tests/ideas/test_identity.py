"""Signing in without a password: a one-time link by email, its own cookie, one's data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from podium.ideas.models import Identity, SignInLink, Vote
from podium.ideas.session import COOKIE
from tests.ideas.helpers import browser_of, idea, identity

pytestmark = pytest.mark.django_db


def ask_for_link(client: Client, email: str = "nora@example.org", name: str = "Nora") -> str:
    """Ask for a link on the sign-in page; the path the email gives (sent once committed)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        with_callbacks = client.post(
            reverse("ideas-sign-in"), {"email": email, "display_name": name, "next": ""}
        )
    assert with_callbacks.status_code == 200, with_callbacks.content
    assert b"Check your email" in with_callbacks.content
    url = re.search(r"https?://\S+/ideas/sign-in/\S+/", mail.outbox[-1].body)
    assert url is not None, mail.outbox[-1].body
    return "/" + url[0].split("/", 3)[3]


def test_a_link_signs_in_once_and_verifies_the_address(client, organisation):
    path = ask_for_link(client)
    assert mail.outbox[0].to == ["nora@example.org"]
    assert "Meridian Hotels" in mail.outbox[0].subject
    nora = Identity.objects.get(email="nora@example.org")
    assert not nora.is_verified
    # Opening the link only shows a button (mail scanners open links too).
    assert client.get(path).status_code == 200
    nora.refresh_from_db()
    assert not nora.is_verified
    response = client.post(path)
    assert response.status_code == 302 and COOKIE in response.cookies
    nora.refresh_from_db()
    assert nora.is_verified
    assert client.get(reverse("ideas-my-data")).context["identity"] == nora
    again = Client().post(path, follow=True)
    assert "already used" in again.content.decode()
    assert COOKIE not in again.cookies or not again.cookies[COOKIE].value


def test_an_expired_link_is_refused(client, organisation):
    path = ask_for_link(client)
    with time_machine.travel(dt.timedelta(minutes=31)):
        response = client.post(path, follow=True)
    assert "expired" in response.content.decode()
    assert not Identity.objects.get().is_verified


def test_a_throwaway_address_is_refused_and_what_was_typed_kept(client, organisation):
    response = client.post(
        reverse("ideas-sign-in"), {"email": "x@mailinator.com", "display_name": "Bot"}
    )
    assert response.status_code == 400
    assert "throwaway" in response.content.decode()
    assert 'value="Bot"' in response.content.decode()
    assert not Identity.objects.exists() and not mail.outbox


def test_links_are_rate_limited_per_address(client, organisation):
    for _ in range(3):
        assert (
            client.post(
                reverse("ideas-sign-in"), {"email": "n@example.org", "display_name": "N"}
            ).status_code
            == 200
        )
    response = client.post(reverse("ideas-sign-in"), {"email": "n@example.org"})
    assert response.status_code == 429
    assert SignInLink.objects.count() == 3


def test_a_forged_cookie_signs_nobody_in(client, organisation):
    nora = identity()
    client.cookies[COOKIE] = f"{nora.pk}:1"
    assert client.get(reverse("ideas-my-data")).context["identity"] is None


def test_the_staff_session_is_not_a_public_identity(client, carol):
    client.force_login(carol)
    response = client.post(reverse("ideas-vote-idea", args=[idea().pk]))
    assert response.status_code == 302 and reverse("ideas-sign-in") in response["Location"]
    assert Vote.objects.count() == 1


def test_a_person_sees_and_deletes_their_data(organisation):
    nora = identity()
    mine = idea("Vegan breakfast", who=nora)
    browser = browser_of(nora)
    browser.post(reverse("ideas-comment-idea", args=[mine.pk]), {"body": "Please!"})
    page = browser.get(reverse("ideas-my-data")).content.decode()
    assert "nora@example.org" in page and "Vegan breakfast" in page and "Please!" in page
    refused = browser.post(reverse("ideas-delete-my-data"), follow=True)
    assert "nothing was deleted" in refused.content.decode()
    browser.post(reverse("ideas-delete-my-data"), {"confirm": "yes"})
    assert not Identity.objects.filter(email="nora@example.org").exists()
    mine.refresh_from_db()
    assert mine.author is None and mine.vote_count == 0 and mine.comment_count == 0
