"""Builders for the ideas tests: a board, a verified identity, an idea, a signed-in browser."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from podium.ideas import actions
from podium.ideas.models import Board, Category, Idea, Identity
from podium.ideas.session import COOKIE, sign_in


def board(name: str = "Guests", **fields: object) -> Board:
    return Board.objects.create(name=name, slug=name.lower().replace(" ", "-"), **fields)


def category(name: str = "Breakfast") -> Category:
    return Category.objects.create(name=name, slug=name.lower())


def identity(email: str = "nora@example.org", name: str = "Nora", verified: bool = True):
    return Identity.objects.create(
        email=email, display_name=name, verified_at=timezone.now() if verified else None
    )


def idea(title: str = "Serve breakfast until noon", who: Identity | None = None, **data) -> Idea:
    who = who or Identity.objects.filter(email="author@example.org").first()
    who = who or identity("author@example.org", "Author")
    data.setdefault("board", Board.objects.first() or board())
    return actions.do_submit_idea(who, {"title": title, **data}, staff=True)


def browser_of(person: Identity) -> Client:
    """A browser holding the identity's signed cookie, as after using a sign-in link."""
    client = Client()
    response = HttpResponse()
    sign_in(response, person)
    client.cookies[COOKIE] = response.cookies[COOKIE].value
    return client
