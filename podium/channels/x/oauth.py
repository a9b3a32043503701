"""Connecting an X account: OAuth 2.0 authorization code with PKCE.

Scopes: tweet.read tweet.write users.read (post and read one's own posts), media.write
(images) and offline.access (a refresh token). Access tokens live two hours, so Podium
refreshes a few minutes before they expire, and once more on a 401; X rotates the refresh
token on every refresh (the new one is stored, the old one stops working).
"""

from __future__ import annotations

from django.conf import settings

from podium.channels import oauth2
from podium.channels.base import AuthExpired
from podium.channels.models import ChannelAccount
from podium.channels.x.client import XClient

AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
TOKEN_URL = "https://api.x.com/2/oauth2/token"  # noqa: S105 - a URL, not a secret
REVOKE_URL = "https://api.x.com/2/oauth2/revoke"
REQUIRED_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access"]
MEDIA_SCOPE = "media.write"
SCOPES = [*REQUIRED_SCOPES, MEDIA_SCOPE]
LABEL = "X"


def configured() -> bool:
    return bool(settings.X_CLIENT_ID)


def _client_auth() -> tuple[str, str] | None:
    """Confidential clients authenticate with HTTP Basic; public ones send only client_id."""
    if settings.X_CLIENT_SECRET:
        return (settings.X_CLIENT_ID, settings.X_CLIENT_SECRET)
    return None


def exchange_code(code: str, redirect_uri: str, verifier: str) -> oauth2.TokenSet:
    body = oauth2.token_request(
        TOKEN_URL,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": settings.X_CLIENT_ID,
        },
        label=LABEL,
        auth=_client_auth(),
    )
    return oauth2.TokenSet.from_response(body)


def me(tokens: oauth2.TokenSet) -> dict[str, str]:
    """The account's id and username."""
    response = XClient(tokens.access_token).call("GET", "/2/users/me", what="reading the account")
    data = response.json()["data"]
    return {"id": str(data["id"]), "username": str(data["username"])}


def refresh(account: ChannelAccount) -> None:
    oauth2.refresh_tokens(
        account, TOKEN_URL, {"client_id": settings.X_CLIENT_ID}, label=LABEL, auth=_client_auth()
    )


def revoke(account: ChannelAccount) -> None:
    """Revoke the account's access token at X (`POST /2/oauth2/revoke`); ChannelError if not.

    Podium forgets the refresh token at the same time, so nothing can mint a new one.
    """
    oauth2.revoke_request(
        REVOKE_URL,
        {
            "token": account.access_token,
            "token_type_hint": "access_token",
            "client_id": settings.X_CLIENT_ID,
        },
        label=LABEL,
        auth=_client_auth(),
    )


def fresh_token(account: ChannelAccount, *, force: bool = False) -> str:
    """The access token, refreshed first when it is about to expire (or when `force`)."""
    if not (force or oauth2.expiring(account)):
        return account.access_token
    if not account.refresh_token:
        raise AuthExpired("X access has expired and X gave no refresh token: reconnect X")
    refresh(account)
    return account.access_token
