"""Answers for a signed-in person are kept by no cache; public pages are cached as before."""

from __future__ import annotations

from django.urls import reverse

from podium.accounts.actions import do_create_token
from tests.blog.helpers import article


def test_signed_in_pages_are_private_and_not_stored(client, alice):
    client.force_login(alice)
    response = client.get(reverse("accounts-admin-home"))
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_the_api_over_a_token_is_private_and_not_stored(client, carol):
    _token, secret = do_create_token(carol, "script")
    response = client.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_the_api_over_the_browser_session_is_private_too(client, carol):
    client.force_login(carol)
    response = client.get("/api/me")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_refused_token_is_not_stored_either(client, db):
    response = client.get("/api/me", headers={"Authorization": "Bearer mistyped"})
    assert response.status_code == 401
    assert "no-store" in response["Cache-Control"]


def test_public_pages_are_unchanged(client, erin):
    published = article(erin.person)
    assert not client.get(published.get_absolute_url()).has_header("Cache-Control")
