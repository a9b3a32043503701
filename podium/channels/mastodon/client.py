"""A Mastodon.py client for one instance, and Mastodon's errors sorted into Podium's.

Everything that talks to an instance builds its client here, so every call has a timeout,
refuses instances on private addresses (unless `settings.HTTP_ALLOW_PRIVATE_HOSTS`), and
fails with one of the connector errors of podium.channels.base.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from django.conf import settings
from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
)
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from podium.channels.base import (
    AuthExpired,
    ChannelError,
    InvalidContent,
    OutcomeUnknown,
    RateLimited,
    Transient,
)

USER_AGENT = "Podium (self-hosted executive social media program)"
# (connect, read) seconds: connecting is quick or not at all; media uploads may take a while.
TIMEOUT = (5.0, 30.0)
DEFAULT_RETRY_AFTER = 60.0

T = TypeVar("T")


class InstanceError(ValueError):
    """The instance address is not one Podium may call."""


def allow_private() -> bool:
    return settings.HTTP_ALLOW_PRIVATE_HOSTS


def check_public(base_url: str) -> None:
    """Refuse instances that resolve to private, loopback or reserved addresses (SSRF).

    Checked before each client is built, to say so plainly; every connection is checked again
    when it is opened (_GuardedAdapter), which also covers redirects and changing DNS answers.
    """
    if allow_private():
        return
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise InstanceError(f"{host} cannot be found ({error.strerror}).") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not ip.is_global:
            raise InstanceError(
                f"{host} is a private or reserved address: Podium only calls public servers."
            )


class BlockedConnectionError(NewConnectionError):
    """The address actually dialled is private or reserved (after DNS, after a redirect)."""


def _check_peer(connection: HTTPConnection, sock: socket.socket) -> None:
    if allow_private():
        return
    address = str(sock.getpeername()[0]).split("%", 1)[0]
    if not ipaddress.ip_address(address).is_global:
        sock.close()
        raise BlockedConnectionError(
            connection,
            f"{connection.host} resolved to {address}, a private or reserved address: "
            "Podium only calls public servers.",
        )


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(self, sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(self, sock)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    """Checks the address of every connection it opens, so redirects and DNS changes are caught."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


class _Session(requests.Session):
    """Every connection checked (SSRF); the last answer kept, for a 429's Retry-After."""

    last_response: requests.Response | None = None

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # no proxies or .netrc from the environment: we dial ourselves
        for scheme in ("http://", "https://"):
            self.mount(scheme, _GuardedAdapter())

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        self.last_response = None
        response = super().request(*args, **kwargs)
        self.last_response = response
        return response


def make_client(
    base_url: str,
    *,
    access_token: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> Mastodon:
    check_public(base_url)
    return Mastodon(
        api_base_url=base_url,
        access_token=access_token,
        client_id=client_id,
        client_secret=client_secret,
        ratelimit_method="throw",  # never sleep in a worker: the outbox reschedules instead
        request_timeout=TIMEOUT,  # type: ignore[arg-type]  # requests takes (connect, read)
        session=_Session(),
        user_agent=USER_AGENT,
        version_check_mode="none",
    )


def allow_http(base_url: str) -> bool:
    """Mastodon.py refuses http:// OAuth endpoints unless told: only local test servers use it."""
    return base_url.startswith("http://") and allow_private()


def retry_after_seconds(response: requests.Response | None) -> float:
    """Seconds to wait after a 429: Retry-After (seconds or a date), else X-RateLimit-Reset."""
    if response is None:
        return DEFAULT_RETRY_AFTER
    now = dt.datetime.now(dt.UTC)
    raw = response.headers.get("Retry-After", "").strip()
    if raw:
        try:
            return max(float(raw), 0.0)
        except ValueError:
            with suppress(TypeError, ValueError):
                return max((email.utils.parsedate_to_datetime(raw) - now).total_seconds(), 0.0)
    raw = response.headers.get("X-RateLimit-Reset", "").strip()
    if raw:
        with suppress(TypeError, ValueError):
            reset = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if reset.tzinfo is None:
                reset = reset.replace(tzinfo=dt.UTC)
            return max((reset - now).total_seconds(), 0.0)
    return DEFAULT_RETRY_AFTER


def _server_message(error: MastodonAPIError) -> str:
    """The instance's own explanation (the `error` field of its JSON body), if it gave one."""
    args = error.args
    if len(args) >= 4 and args[3]:
        return str(args[3])
    if len(args) >= 3 and args[2]:
        return str(args[2])
    return str(args[0]) if args else "the instance refused the request"


def _status_code(error: MastodonAPIError) -> int | None:
    args = error.args
    return args[1] if len(args) >= 2 and isinstance(args[1], int) else None


def _never_sent(cause: BaseException | None) -> bool:
    """True when the request cannot have reached the instance (no connection was made)."""
    if isinstance(cause, requests.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if isinstance(cause, requests.ConnectionError):
        inner = cause.args[0] if cause.args else None
        reason = getattr(inner, "reason", inner)  # urllib3 wraps it in MaxRetryError
        return isinstance(reason, NewConnectionError)  # refused, unreachable, no such name
    return False


def classify(error: Exception, client: Mastodon, *, sent: bool) -> ChannelError:
    """Podium's name for a Mastodon.py failure.

    `sent` says whether the call could have taken effect (a POST that creates something): a
    read timeout or a dropped connection after sending is then OutcomeUnknown, not Transient.
    """
    session = getattr(client, "session", None)
    last = getattr(session, "last_response", None)
    if isinstance(error, MastodonRatelimitError):
        return RateLimited(
            "Mastodon's rate limit was reached.", retry_after=retry_after_seconds(last)
        )
    if isinstance(error, MastodonNetworkError):
        cause = error.__context__
        reason = getattr(cause.args[0] if cause and cause.args else None, "reason", None)
        if isinstance(reason, BlockedConnectionError):
            return InvalidContent(str(reason))
        if sent and not _never_sent(cause):
            return OutcomeUnknown(f"No answer from the instance after sending: {cause!r}")
        return Transient(f"The instance could not be reached: {cause or error}")
    if isinstance(error, MastodonServerError):
        return Transient(f"The instance failed ({_status_code(error)}): {_server_message(error)}")
    if isinstance(error, MastodonAPIError):
        code = _status_code(error)
        message = _server_message(error)
        if code in (401, 403):
            return AuthExpired(f"The instance refused Podium's access ({code}): {message}")
        if code == 429:
            return RateLimited(
                "Mastodon's rate limit was reached.", retry_after=retry_after_seconds(last)
            )
        if code in (400, 404, 413, 422):
            return InvalidContent(f"The instance refused the post: {message}")
        if code is not None and code >= 500:
            return Transient(f"The instance failed ({code}): {message}")
        if code is None and sent:  # a 2xx answer that did not parse (a broken body)
            return OutcomeUnknown(f"The instance's answer could not be read: {error}")
        return Transient(f"The instance answered {code}: {message}")
    if isinstance(error, MastodonIllegalArgumentError):
        return InvalidContent(str(error))
    if isinstance(error, InstanceError):
        return InvalidContent(str(error))
    raise error


def call(client: Mastodon, fn: Callable[[], T], *, sent: bool = False) -> T:
    """Run one Mastodon.py call, raising Podium's connector errors instead of its own."""
    try:
        return fn()
    except (MastodonAPIError, MastodonNetworkError, MastodonRatelimitError) as error:
        raise classify(error, client, sent=sent) from error
    except MastodonIllegalArgumentError as error:
        raise InvalidContent(str(error)) from error
