"""OAuth 2.0 authorization code flow (with PKCE where the network supports it), shared by networks.

The flow, for a person whose channels the signed-in user may manage:

1. `begin()` keeps a random `state` (and the PKCE verifier) in the user's session, bound to the
   network and the person, and redirects to the network's authorization page;
2. the network sends the browser back to our callback; `finish()` checks the state against the
   session (once: it is removed), and returns what `begin()` kept;
3. the network module exchanges the code with `token_request()` and stores the account.

Tokens never appear in logs, messages or exceptions: errors quote only the network's error code.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from podium.channels.base import AuthExpired, RateLimited, Transient
from podium.channels.models import ChannelAccount
from podium.lib import http

SESSION_KEY = "podium_oauth"
STATE_MAX_AGE = 15 * 60  # seconds a person has to answer the network's consent page
TIMEOUT = 15  # seconds for token calls
REFRESH_MARGIN = dt.timedelta(minutes=5)  # refresh this long before an access token expires


class OAuthRefused(Exception):  # noqa: N818 - what happened, said plainly
    """The connect flow cannot finish; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Pending:
    """What `begin()` kept for the callback."""

    network: str
    person_slug: str
    verifier: str
    redirect_uri: str


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: dt.datetime | None
    scopes: str

    @classmethod
    def from_response(cls, body: dict[str, Any], *, scope_separator: str = " ") -> TokenSet:
        expires_in = body.get("expires_in")
        scopes = body.get("scope") or ""
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or ""),
            expires_at=(
                timezone.now() + dt.timedelta(seconds=int(expires_in)) if expires_in else None
            ),
            scopes=" ".join(s for s in str(scopes).replace(",", " ").split() if s),
        )

    def __repr__(self) -> str:  # never print tokens
        return f"TokenSet(expires_at={self.expires_at!r}, scopes={self.scopes!r})"


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)[:128]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def callback_url(network: str) -> str:
    """The redirect URI registered with the network's app: Podium's public address + path."""
    return settings.PODIUM_BASE_URL + reverse(f"channels-connect-{network}-callback")


def begin(
    request: HttpRequest,
    *,
    network: str,
    person_slug: str,
    authorize_url: str,
    client_id: str,
    scopes: list[str],
    pkce: bool,
    extra: dict[str, str] | None = None,
) -> HttpResponseRedirect:
    state = secrets.token_urlsafe(32)
    redirect_uri = callback_url(network)
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": state,
        "scope": " ".join(scopes),
        **(extra or {}),
    }
    verifier = ""
    if pkce:
        verifier, challenge = pkce_pair()
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    pending = request.session.get(SESSION_KEY, {})
    now = timezone.now().timestamp()
    # Keep only fresh flows: a person may start one, give up, and start again.
    pending = {k: v for k, v in pending.items() if now - v["at"] < STATE_MAX_AGE}
    pending[state] = {
        "network": network,
        "person": person_slug,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "at": now,
    }
    request.session[SESSION_KEY] = pending
    return HttpResponseRedirect(f"{authorize_url}?{urlencode(params)}")


def finish(request: HttpRequest, *, network: str, label: str) -> tuple[Pending, str]:
    """Check the callback; returns what `begin()` kept and the authorization code."""
    error = request.GET.get("error")
    state = request.GET.get("state", "")
    pending = request.session.get(SESSION_KEY, {})
    kept = pending.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending
    if error:
        if error in {"user_cancelled_login", "user_cancelled_authorize", "access_denied"}:
            raise OAuthRefused(f"{label} access was not granted, so nothing was connected.")
        raise OAuthRefused(
            f"{label} refused the connection ({error[:80]}): try again, or ask an "
            f"administrator to check Podium's {label} app."
        )
    if kept is None or kept["network"] != network:
        raise OAuthRefused(
            f"This {label} sign-in does not match one started here (it expired, was already "
            "used, or came from another browser): start connecting again."
        )
    if timezone.now().timestamp() - kept["at"] >= STATE_MAX_AGE:
        raise OAuthRefused(f"The {label} sign-in took too long: start connecting again.")
    code = request.GET.get("code", "")
    if not code:
        raise OAuthRefused(f"{label} sent no authorization code back: start connecting again.")
    return (
        Pending(
            network=network,
            person_slug=kept["person"],
            verifier=kept["verifier"],
            redirect_uri=kept["redirect_uri"],
        ),
        code,
    )


def _post_form(
    url: str, data: dict[str, str], *, label: str, auth: tuple[str, str] | None, doing: str
) -> tuple[int, dict[str, Any]]:
    """POST a form to an OAuth endpoint: the status and the JSON body ({} if none)."""
    headers = {"Accept": "application/json"}
    if auth is not None:
        raw = f"{auth[0]}:{auth[1]}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode("ascii")
    try:
        response = http.request("POST", url, timeout=TIMEOUT, data=data, headers=headers)
    except http.TooManyRequestsError as error:
        raise RateLimited(f"{label} is limiting {doing}", retry_after=error.retry_after) from None
    except http.HttpError as error:
        raise Transient(f"{label} could not be reached for {doing}: {error.message}") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    return response.status_code, body if isinstance(body, dict) else {}


def _error_of(status: int, body: dict[str, Any]) -> str:
    """The network's error code and description, never anything that was sent."""
    code = str(body.get("error") or body.get("title") or status)[:80]
    description = str(body.get("error_description") or body.get("detail") or "")[:200]
    return f"{code}: {description}" if description else code


def token_request(
    url: str,
    data: dict[str, str],
    *,
    label: str,
    auth: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """POST to a token endpoint; a refused grant is AuthExpired, the rest is classified."""
    status, body = _post_form(url, data, label=label, auth=auth, doing="sign-ins")
    if status != 200 or "access_token" not in body:
        raise AuthExpired(f"{label} refused Podium's access ({_error_of(status, body)})")
    return body


def revoke_request(
    url: str,
    data: dict[str, str],
    *,
    label: str,
    auth: tuple[str, str] | None = None,
) -> None:
    """POST to a revocation endpoint (RFC 7009); returns once the network confirmed it.

    Raises ChannelError otherwise (AuthExpired when the network refuses the request).
    """
    status, body = _post_form(url, data, label=label, auth=auth, doing="revoking access")
    if status != 200 or body.get("revoked") is False:
        raise AuthExpired(f"{label} did not revoke Podium's access ({_error_of(status, body)})")


def expiring(account: ChannelAccount) -> bool:
    """True when the account's access token expires within REFRESH_MARGIN."""
    expires = account.token_expires_at
    return expires is not None and expires - timezone.now() < REFRESH_MARGIN


def refresh_tokens(
    account: ChannelAccount,
    url: str,
    client: dict[str, str],
    *,
    label: str,
    auth: tuple[str, str] | None = None,
) -> None:
    """Trade the account's refresh token for new tokens at `url` and keep them at once."""
    body = token_request(
        url,
        {"grant_type": "refresh_token", "refresh_token": account.refresh_token, **client},
        label=label,
        auth=auth,
    )
    store_tokens(account, TokenSet.from_response(body))


def store_tokens(account: ChannelAccount, tokens: TokenSet) -> None:
    """Keep refreshed tokens (a refresh token that is not sent again stays as it was)."""
    account.access_token = tokens.access_token
    if tokens.refresh_token:
        account.refresh_token = tokens.refresh_token
    account.token_expires_at = tokens.expires_at
    fields = ["access_token", "refresh_token", "token_expires_at"]
    if tokens.scopes:
        account.scopes = tokens.scopes
        fields.append("scopes")
    account.save(update_fields=fields)
