"""Single sign-on end to end against a small OpenID Connect provider served on localhost.

The provider speaks the real protocol (discovery, authorization redirect, token endpoint,
userinfo, a signed ID token), so allauth's client code runs exactly as it would in production.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.urls import reverse

from podium.accounts.models import User
from podium.accounts.roles import Role

CLIENT_ID, CLIENT_SECRET = "podium", "a-client-secret-of-at-least-32-bytes"


class Provider(BaseHTTPRequestHandler):
    """Issues tokens for whoever `email` is set to on the server."""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _json(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def do_GET(self) -> None:
        if self.path == "/.well-known/openid-configuration":
            self._json(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "userinfo_endpoint": f"{self.issuer}/userinfo",
                    "jwks_uri": f"{self.issuer}/jwks",
                }
            )
        elif self.path == "/userinfo":
            assert self.headers["Authorization"] == "Bearer access-123"
            self._json({"sub": "u-42", "email": self.server.email, "email_verified": True})
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        form = parse_qs(self.rfile.read(length).decode())
        if self.path != "/token" or form.get("code") != ["code-abc"]:
            self.send_error(400)
            return
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "u-42",
            "iat": now,
            "exp": now + 300,
            "email": self.server.email,
        }
        id_token = jwt.encode(claims, CLIENT_SECRET, algorithm="HS256")
        self._json(
            {
                "access_token": "access-123",
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )


@pytest.fixture
def provider(settings) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    server.email = "carol@example.com"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Company single sign-on",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": f"http://127.0.0.1:{server.server_address[1]}"},
                }
            ]
        }
    }
    yield server
    server.shutdown()


def sign_in_through(client, provider) -> object:
    start = client.post("/accounts/oidc/sso/login/")
    assert start.status_code == 302
    authorize = urlparse(start["Location"])
    assert authorize.path == "/authorize"
    query = parse_qs(authorize.query)
    assert query["client_id"] == [CLIENT_ID]
    # The person signs in at the provider, which sends them back with a code.
    return client.get(
        "/accounts/oidc/sso/login/callback/",
        {"code": "code-abc", "state": query["state"][0]},
        follow=True,
    )


def test_it_signs_in_an_invited_user_by_their_email(client, provider, carol):
    response = sign_in_through(client, provider)
    assert response.redirect_chain[-1][0] == reverse("org-program-home")
    assert response.wsgi_request.user == carol


def test_it_refuses_someone_nobody_invited(client, provider, carol):
    provider.email = "stranger@example.com"
    response = sign_in_through(client, provider)
    assert not response.wsgi_request.user.is_authenticated
    assert "Accounts are by invitation" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.com").exists()


def test_it_creates_the_user_when_the_administrator_allows_it(client, provider, settings, carol):
    settings.OIDC_AUTO_CREATE_USERS = True
    provider.email = "newcomer@example.com"
    response = sign_in_through(client, provider)
    newcomer = User.objects.get(email="newcomer@example.com")
    assert response.wsgi_request.user == newcomer
    assert newcomer.role == Role.EXECUTIVE
