"""LinkedIn's REST API, as thin as it can be: one call, and LinkedIn's errors sorted.

LinkedIn answers errors as `{"status": 4xx, "serviceErrorCode": n, "code": "...",
"message": "..."}`. What they mean for Podium:

| answer | raised |
|---|---|
| 401 (token expired or revoked) | AuthExpired (the caller may refresh first) |
| 403 "Not enough permissions" | AuthExpired naming the missing permission (grant it) |
| 403 otherwise | InvalidContent with LinkedIn's message |
| 422 "Content is a duplicate of urn:li:…" | DuplicatePost with that URN (already published) |
| other 4xx | InvalidContent with LinkedIn's message |
| 429 | RateLimited with the wait LinkedIn asked for, else until midnight UTC |

and 5xx, no connection or no answer as for every REST network (podium/channels/rest.py).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
from django.utils import timezone

from podium.channels import rest
from podium.channels.base import AuthExpired, InvalidContent
from podium.lib import http

API = "https://api.linkedin.com"
# The versioned API Podium is written against (YYYYMM); LinkedIn supports each for a year.
API_VERSION = "202605"
TIMEOUT = 20  # seconds
WRITE_PERMISSION = "w_member_social"
_DUPLICATE = re.compile(r"duplicate of (urn:li:(?:share|ugcPost|activity):\d+)", re.IGNORECASE)


class DuplicatePost(InvalidContent):
    """LinkedIn refused the post because the same text is already on the profile."""

    def __init__(self, message: str, urn: str) -> None:
        super().__init__(message)
        self.urn = urn


class Unauthorised(AuthExpired):
    pass


def error_message(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("message"):
        code = body.get("serviceErrorCode")
        suffix = f" (LinkedIn error {code})" if code is not None else ""
        return f"{str(body['message'])[:300]}{suffix}"
    return f"LinkedIn answered {response.status_code}"


def raise_for(response: httpx.Response, what: str, permission: str = WRITE_PERMISSION) -> None:
    """Raise the classified error for a non-2xx answer to `what` (e.g. "publishing the post").

    `permission` is the one the call needs, named in the message when LinkedIn refuses it.
    """
    status = response.status_code
    if status < 300:
        return
    message = error_message(response)
    if status == 401:
        raise Unauthorised(
            f"LinkedIn no longer accepts Podium's access while {what} ({message}): "
            "reconnect LinkedIn"
        )
    if status == 403:
        if "permission" in message.lower():
            raise AuthExpired(
                f"LinkedIn refused {what}: Podium lacks the {permission} permission "
                f"({message}). Reconnect LinkedIn and grant it; if it is not offered, an "
                'administrator must add the "Share on LinkedIn" product to Podium\'s app.'
            )
        raise InvalidContent(f"LinkedIn refused {what}: {message}")
    if status == 422 and (duplicate := _DUPLICATE.search(message)):
        raise DuplicatePost(f"LinkedIn already has this post ({duplicate[1]})", duplicate[1])
    raise InvalidContent(f"LinkedIn refused {what}: {message}")


class LinkedInClient:
    def __init__(self, access_token: str) -> None:
        self._token = access_token

    def __repr__(self) -> str:
        return "LinkedInClient()"  # the token never shows

    def call(
        self,
        method: str,
        url: str,
        *,
        what: str,
        permission: str = WRITE_PERMISSION,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = {
            "Authorization": f"Bearer {self._token}",
            "LinkedIn-Version": API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
            **(headers or {}),
        }
        target = url if url.startswith("https://") else API + url
        response = rest.call(
            "LinkedIn",
            what,
            lambda: http.request(
                method, target, timeout=TIMEOUT, headers=all_headers, json=json, content=content
            ),
            explain=error_message,
            wait_when_unsaid=seconds_to_midnight_utc,
        )
        raise_for(response, what, permission)
        return response


def seconds_to_midnight_utc() -> float:
    """LinkedIn sends no wait with a 429; its daily limits reset at midnight UTC."""
    now = timezone.now().astimezone(dt.UTC)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()
