"""One call to a network's REST API through podium.lib.http, its failures sorted.

LinkedIn and X are called with plain HTTP (Mastodon and Bluesky through their SDKs, sorted in
their own client modules). What lib.http raises means the same for both:

| lib.http | raised |
|---|---|
| TooManyRequestsError (429) | RateLimited, waiting as long as the network asked |
| ServerError (5xx) | Transient (nothing happened), with the network's wait if it gave one |
| NoAnswerError (timeout after sending) | OutcomeUnknown (confirm with find) |
| any other HttpError (no connection, address refused) | Transient |

An answer that came back is the network's own to sort (each client's `raise_for`).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from podium.channels.base import OutcomeUnknown, RateLimited, Transient
from podium.lib import http


def call(
    label: str,
    what: str,
    send: Callable[[], httpx.Response],
    *,
    explain: Callable[[httpx.Response], str],
    wait_when_unsaid: Callable[[], float | None] = lambda: None,
) -> httpx.Response:
    """`send()`'s answer, or the contract's error for a call that failed while `what` ("publishing
    the post"). `explain` words the network's answer; `wait_when_unsaid` is the wait for a 429
    that names none."""
    try:
        return send()
    except http.TooManyRequestsError as error:
        wait = error.retry_after if error.retry_after is not None else wait_when_unsaid()
        raise RateLimited(
            f"{label} is limiting Podium's calls while {what}: {explain(error.response)}",
            retry_after=wait,
        ) from None
    except http.ServerError as error:
        raise Transient(
            f"{label} failed while {what} ({error.status_code}): {explain(error.response)}",
            retry_after=error.retry_after,
        ) from None
    except http.NoAnswerError as error:
        raise OutcomeUnknown(f"{label} did not answer while {what}: {error.message}") from None
    except http.HttpError as error:
        raise Transient(f"{label} could not be reached while {what}: {error.message}") from None
