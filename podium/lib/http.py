"""Podium's one way out to the internet: every outgoing HTTP call goes through `request()`.

What it guarantees, so that no caller has to remember it:

- a timeout on every call (there is no default: the caller says how long it will wait);
- no calls to private, loopback, link-local, multicast or reserved addresses (SSRF: an
  instance URL typed by a user must not reach the cloud metadata service or the database).
  The check runs when the socket is opened, on the address actually dialled, so it holds for
  every redirect hop and against DNS answers that change between check and use. Tests that
  talk to local servers turn it off with `settings.HTTP_ALLOW_PRIVATE_HOSTS`;
- 429 and 5xx answers raised as `TooManyRequestsError` / `ServerError`, with the wait the server
  asked for (Retry-After, or a rate-limit reset header) already parsed into seconds;
- failures sorted by whether the request could have reached the server: `NotSentError` (safe to
  retry) or `NoAnswerError` (it may have taken effect: confirm before sending again).

Other 4xx answers are returned: what they mean belongs to the network's connector.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import ipaddress
import socket
import ssl
from collections.abc import Iterable, Mapping
from typing import Any

import httpcore
import httpx
from django.conf import settings
from django.utils import timezone

USER_AGENT = "Podium (self-hosted executive social media program)"
MAX_REDIRECTS = 5
# Reset headers in seconds since the epoch are larger than this; smaller numbers are a delay.
_EPOCH_THRESHOLD = 10**9


class HttpError(Exception):
    """A call that did not produce a usable answer."""

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.response = response


class BlockedAddressError(HttpError):
    """The host resolves to an address Podium must not call (private, loopback, ...)."""


class NotSentError(HttpError):
    """The request never reached the server (name not found, connection refused): retry."""


class NoAnswerError(HttpError):
    """The request went out but no answer came back: it may have taken effect."""


class StatusError(HttpError):
    """A 429 or 5xx answer, with the seconds the server asked us to wait (None if it didn't)."""

    response: httpx.Response  # an answer came, so it is always there

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, response=response)
        self.status_code = response.status_code
        self.retry_after = retry_after(response.headers)


class TooManyRequestsError(StatusError):
    pass


class TooLargeError(HttpError):
    """The answer's body is longer than the caller's `max_bytes` (it was not read further)."""


class ServerError(StatusError):
    pass


def is_blocked(address: str) -> bool:
    """True for addresses outside the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _allow_private() -> bool:
    return settings.HTTP_ALLOW_PRIVATE_HOSTS


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself, refuses blocked addresses, then dials the checked address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"{host} cannot be resolved ({error.strerror})") from None
        addresses = [str(info[4][0]) for info in infos]
        if not _allow_private():
            blocked = [address for address in addresses if is_blocked(address)]
            if blocked:
                raise BlockedAddressError(
                    f"{host} resolves to {blocked[0]}, a private or reserved address: "
                    "Podium only calls public internet hosts"
                )
        failure: Exception | None = None
        for address in dict.fromkeys(addresses):  # each checked address once, in DNS order
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error  # e.g. no IPv6 route: try the next address
        raise failure or httpcore.ConnectError(f"{host} has no address")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes tens of milliseconds: once per process is enough."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport that refuses blocked addresses: for SDKs that take a transport."""

    def __init__(self) -> None:
        super().__init__(verify=_ssl_context(), retries=0)
        # httpx builds its connection pool itself and has no parameter for the network backend.
        self._pool._network_backend = _GuardedBackend()


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait, from Retry-After or a rate-limit reset header; None if none is given.

    Retry-After is seconds or an HTTP date. Reset headers are seconds since the epoch (X:
    x-rate-limit-reset), an ISO 8601 time (Mastodon: X-RateLimit-Reset) or, on some servers,
    a delay in seconds.
    """
    now = timezone.now()
    for name in ("retry-after", "x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        raw = headers.get(name)
        if raw is None or not raw.strip():
            continue
        seconds = _parse_wait(raw.strip(), now)
        if seconds is not None:
            return max(0.0, seconds)
    return None


def _parse_wait(raw: str, now: dt.datetime) -> float | None:
    try:
        number = float(raw)
    except ValueError:
        pass
    else:
        return number - now.timestamp() if number > _EPOCH_THRESHOLD else number
    try:
        when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - now).total_seconds()


def request(
    method: str,
    url: str,
    *,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
    data: Mapping[str, Any] | None = None,
    files: Any = None,
    content: bytes | None = None,
    follow_redirects: bool = True,
    max_bytes: int | None = None,
) -> httpx.Response:
    """Send one request and return the response (2xx, 3xx when not following, or 4xx but 429).

    With `max_bytes`, the body is read only up to that length (a download of a user's URL must
    not fill the memory): a longer one raises TooLargeError.

    Raises BlockedAddressError, NotSentError, NoAnswerError, TooManyRequestsError, ServerError
    or TooLargeError.
    """
    if timeout is None or timeout <= 0:
        raise ValueError("request() needs a timeout in seconds, greater than 0")
    if not url.startswith(("https://", "http://")):
        raise NotSentError(f"{url!r} is not an http(s) address")
    all_headers = {"User-Agent": USER_AGENT, **(headers or {})}
    with httpx.Client(
        transport=GuardedTransport(),
        timeout=timeout,
        follow_redirects=follow_redirects,
        max_redirects=MAX_REDIRECTS,
        trust_env=False,  # an environment proxy would be dialled instead of the checked host
    ) as client:
        try:
            outgoing = client.build_request(
                method,
                url,
                headers=all_headers,
                params=params,
                json=json,
                data=data,
                files=files,
                content=content,
            )
            response = client.send(outgoing, stream=max_bytes is not None)
            if max_bytes is not None:
                _read_at_most(response, max_bytes, url)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as error:
            raise NotSentError(f"{_host(url)} could not be reached: {error}") from None
        except httpx.TooManyRedirects:
            raise NotSentError(f"{_host(url)} redirected more than {MAX_REDIRECTS} times") from None
        except httpx.TransportError as error:
            raise NoAnswerError(
                f"{_host(url)} did not answer ({type(error).__name__}): "
                "the request may have taken effect"
            ) from None
    if response.status_code == httpx.codes.TOO_MANY_REQUESTS:
        raise TooManyRequestsError(
            f"{_host(url)} is limiting Podium's calls (429)", response=response
        )
    if response.status_code >= httpx.codes.INTERNAL_SERVER_ERROR:
        raise ServerError(f"{_host(url)} failed with {response.status_code}", response=response)
    return response


def _read_at_most(response: httpx.Response, max_bytes: int, url: str) -> None:
    """Read a streamed body, stopping as soon as it is longer than `max_bytes`."""
    try:
        declared = int(response.headers.get("content-length", "0"))
    except ValueError:
        declared = 0
    body = bytearray()
    try:
        if declared <= max_bytes:
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    break
    finally:
        response.close()
    if declared > max_bytes or len(body) > max_bytes:
        raise TooLargeError(f"{_host(url)} sent more than {max_bytes:,} bytes", response=response)
    response._content = bytes(body)  # what response.read() stores: .content works as usual


def _host(url: str) -> str:
    return httpx.URL(url).host or url
