"""Signing in to a Bluesky PDS, keeping the session fresh, and sorting its errors.

What Podium keeps: the session's access JWT (about two hours) and refresh JWT (about two
months), encrypted, never the app password. Each refresh returns a new pair and retires the
old refresh JWT, so the new pair is saved at once. An account that publishes at least every
few weeks therefore stays connected; one that idles past its refresh JWT's life, or whose app
password is revoked, answers AuthExpired and its owner connects it again with an app password.

Every call goes through Podium's guarded HTTP transport (podium.lib.http): a timeout, and no
private or loopback addresses unless settings.HTTP_ALLOW_PRIVATE_HOSTS is on (tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TypeVar

import httpx
from atproto import Client
from atproto_client.client.session import Session, SessionEvent
from atproto_client.exceptions import (
    BadRequestError,
    LoginRequiredError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError
from atproto_client.request import Request
from atproto_server.auth.jwt import get_jwt_payload

from podium.channels.base import (
    AuthExpired,
    ChannelError,
    InvalidContent,
    OutcomeUnknown,
    RateLimited,
    Transient,
)
from podium.lib import http

T = TypeVar("T")

DEFAULT_SERVICE = "https://bsky.social"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
REFRESH_MARGIN = dt.timedelta(minutes=20)  # the SDK itself refreshes within 15 minutes
APP_PASSWORD_SCOPE = "com.atproto.appPass"  # noqa: S105 - a scope name, not a secret
# Error names meaning the session no longer works (a refresh may still save it).
AUTH_ERRORS = frozenset(
    {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing", "AccountTakedown"}
)
# Failures raised before the request left this machine: always safe to retry.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, http.BlockedAddressError)


@dataclass(frozen=True)
class Tokens:
    """A session as Podium stores it on the ChannelAccount."""

    did: str
    handle: str
    pds_url: str
    access_jwt: str
    refresh_jwt: str

    @property
    def expires_at(self) -> dt.datetime | None:
        return _expiry(self.access_jwt)

    @property
    def refresh_expires_at(self) -> dt.datetime | None:
        return _expiry(self.refresh_jwt)

    @property
    def scope(self) -> str:
        return str(_claim(self.access_jwt, "scope") or "")

    def as_session(self) -> Session:
        return Session(self.handle, self.did, self.access_jwt, self.refresh_jwt, self.pds_url)


def _claim(token: str, name: str) -> object:
    try:
        return getattr(get_jwt_payload(token), name, None)
    except Exception:  # an unreadable token is treated as an expired one
        return None


def _expiry(token: str) -> dt.datetime | None:
    exp = _claim(token, "exp")  # seconds since 1970 (RFC 7519)
    return dt.datetime.fromtimestamp(exp, tz=dt.UTC) if isinstance(exp, int | float) else None


def new_client(service_url: str) -> Client:
    request = Request(transport=http.GuardedTransport(), timeout=TIMEOUT, trust_env=False)
    return Client(base_url=service_url, request=request)


def pds_url_of(session: Session, fallback: str) -> str:
    url = session.pds_endpoint or fallback
    return url.removesuffix("/").removesuffix("/xrpc")


def error_name(error: BaseException) -> str:
    response = getattr(error, "response", None)
    content = getattr(response, "content", None)
    return content.error if isinstance(content, XrpcError) else ""


def _error_text(error: BaseException) -> str:
    response = getattr(error, "response", None)
    content = getattr(response, "content", None)
    if isinstance(content, XrpcError):
        return f"{content.error}: {content.message}" if content.message else content.error
    return type(error).__name__


def is_auth_error(error: BaseException) -> bool:
    return isinstance(error, UnauthorizedError | LoginRequiredError) or (
        isinstance(error, BadRequestError) and error_name(error) in AUTH_ERRORS
    )


def status_of(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def classify(error: BaseException, *, sending: bool) -> ChannelError:
    """The contract's error for an SDK or transport failure (`sending`: a write that may land)."""
    if isinstance(error, ChannelError):
        return error
    if isinstance(error, http.BlockedAddressError):
        return AuthExpired(f"The PDS address is not allowed: {error.message}")
    if is_auth_error(error):
        return AuthExpired(f"Bluesky refused Podium's session ({_error_text(error)}).")
    if isinstance(error, RateLimitExceededError):
        headers = error.response.headers if error.response else {}
        wait = http.retry_after(headers)
        return RateLimited("Bluesky is limiting Podium's calls (429).", retry_after=wait)
    if isinstance(error, BadRequestError):
        return InvalidContent(f"Bluesky refused the post ({_error_text(error)}).")
    status = status_of(error)
    if status is not None:
        if status == 413:
            return InvalidContent("Bluesky refused the post: it is too large (413).")
        if status >= 500 or status in (408, 409):
            return Transient(f"Bluesky failed with {status} ({_error_text(error)}).")
        return InvalidContent(f"Bluesky refused the request with {status} ({_error_text(error)}).")
    cause = error.__cause__ if isinstance(error, NetworkError) else error
    if isinstance(cause, _NOT_SENT) or not sending:
        return Transient(f"Bluesky could not be reached ({type(cause).__name__}).")
    return OutcomeUnknown(
        f"Bluesky did not answer ({type(cause).__name__}): the post may have gone out."
    )


_RAW_ERRORS = (RequestErrorBase, LoginRequiredError, httpx.TransportError, http.HttpError)


@contextmanager
def mapped_errors(*, sending: bool = False) -> Iterator[None]:
    try:
        yield
    except _RAW_ERRORS as error:
        raise classify(error, sending=sending) from error


class ServerNotAllowedError(Exception):
    """The server's address is private or reserved: Podium does not call it."""


class MainPasswordRefusedError(Exception):
    """Podium only signs in with app passwords, which the owner can revoke on their own."""


def create_session(service_url: str, identifier: str, app_password: str) -> Tokens:
    """Sign in with an app password and return the session; the password is not kept.

    Raises AuthExpired (wrong handle or password), MainPasswordRefusedError (the account's own
    password), ServerNotAllowedError (a private address), or another ChannelError.
    """
    client = new_client(service_url)
    try:
        with mapped_errors():
            client.login(identifier, app_password, fetch_bsky_profile=False)
    except AuthExpired as error:
        if isinstance(error.__cause__, http.BlockedAddressError):
            raise ServerNotAllowedError(error.__cause__.message) from None
        raise
    session = Session.decode(client.export_session_string())
    tokens = Tokens(
        did=session.did,
        handle=session.handle,
        pds_url=pds_url_of(session, service_url),
        access_jwt=session.access_jwt,
        refresh_jwt=session.refresh_jwt,
    )
    if tokens.scope != APP_PASSWORD_SCOPE:
        # The account's own password: end that session rather than keep its full power.
        with suppress(ChannelError):
            delete_session(tokens)
        raise MainPasswordRefusedError(
            "That is the account's own password. Create an app password in Bluesky's "
            "settings (Privacy and security → App passwords) and use it here."
        )
    return tokens


def delete_session(tokens: Tokens) -> None:
    """End the session at the PDS (com.atproto.server.deleteSession with the refresh JWT).

    Both JWTs stop working; the app password itself stays valid until its owner revokes it
    in Bluesky's settings. Raises ChannelError when the PDS does not confirm it.
    """
    client = new_client(tokens.pds_url)  # no session: the SDK adds no headers of its own
    with mapped_errors():
        client.com.atproto.server.delete_session(
            headers={"Authorization": f"Bearer {tokens.refresh_jwt}"}
        )


class BlueskySession:
    """A signed-in client for one account; refreshes once, saves what it refreshed."""

    def __init__(self, tokens: Tokens, on_refresh: Callable[[Tokens], None]) -> None:
        self.tokens = tokens
        self._on_refresh = on_refresh
        self._refreshed = False
        expires = tokens.expires_at
        if expires is None or expires - dt.datetime.now(dt.UTC) < REFRESH_MARGIN:
            self.refresh()
        self.client = self._signed_in_client()

    def _signed_in_client(self) -> Client:
        client = new_client(self.tokens.pds_url)
        client.login(session_string=self.tokens.as_session().encode(), fetch_bsky_profile=False)
        client.on_session_change(self._sdk_session_changed)
        return client

    def _sdk_session_changed(self, event: SessionEvent, session: Session) -> None:
        """Should the SDK refresh on its own (a long run), keep the new pair too."""
        if event == SessionEvent.REFRESH:
            self.tokens = Tokens(
                session.did,
                session.handle,
                self.tokens.pds_url,
                session.access_jwt,
                session.refresh_jwt,
            )
            self._on_refresh(self.tokens)

    @property
    def refreshed(self) -> bool:
        return self._refreshed

    def refresh(self) -> None:
        """Trade the refresh JWT for a new pair; AuthExpired when the network refuses it."""
        client = new_client(self.tokens.pds_url)  # no session: the SDK adds no headers
        with mapped_errors():
            answer = client.com.atproto.server.refresh_session(
                headers={"Authorization": f"Bearer {self.tokens.refresh_jwt}"}
            )
        self.tokens = Tokens(
            did=answer.did,
            handle=answer.handle,
            pds_url=self.tokens.pds_url,
            access_jwt=answer.access_jwt,
            refresh_jwt=answer.refresh_jwt,
        )
        self._refreshed = True
        self._on_refresh(self.tokens)

    def call(self, fn: Callable[[Client], T], *, sending: bool = False) -> T:
        """Run `fn(client)`; when the session is refused, refresh once and run it again.

        A refused session means the call did not take effect, so running it again is safe.
        """
        try:
            with mapped_errors(sending=sending):
                return fn(self.client)
        except AuthExpired:
            if self._refreshed:
                raise
        self.refresh()
        self.client = self._signed_in_client()
        with mapped_errors(sending=sending):
            return fn(self.client)
