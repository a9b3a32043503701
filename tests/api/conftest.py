"""Calling the API as a persona: `api(user).get("/api/me")` sends that user's own API token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from podium.accounts.actions import do_create_token
from podium.accounts.models import User


class ApiClient:
    """A test client that authenticates every request with a personal API token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def request(self, method: str, url: str, body: Any = None, **headers: str) -> Any:
        call = getattr(self.client, method)
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return call(url, **kwargs)

    def get(self, url: str, **headers: str) -> Any:
        return self.request("get", url, **headers)

    def post(self, url: str, body: Any = None, **headers: str) -> Any:
        return self.request("post", url, body, **headers)

    def patch(self, url: str, body: Any = None, **headers: str) -> Any:
        return self.request("patch", url, body, **headers)

    def delete(self, url: str, **headers: str) -> Any:
        return self.request("delete", url, **headers)


@pytest.fixture
def api(db):
    """api(user) -> a client holding a fresh token of `user`; api(None) -> no credentials."""

    def make(user: User | None) -> ApiClient:
        if user is None:
            return ApiClient(None)
        _token, secret = do_create_token(user, "tests")
        return ApiClient(secret)

    return make
