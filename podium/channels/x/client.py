"""X's API v2, as thin as it can be: one call, and X's errors sorted.

X answers errors as problem documents: `{"title": …, "detail": …, "type": …, "status": n}`
(400s list `errors: [{"message": …}]`). What they mean for Podium:

| answer | raised |
|---|---|
| 401 | Unauthorised, an AuthExpired (the caller refreshes once first) |
| 403 "…duplicate content" | DuplicatePost (the post is already there: find it) |
| 403 client-forbidden / unsupported authentication | AuthExpired (reconnect, check the app) |
| other 4xx | InvalidContent with X's message |
| 429 | RateLimited, waiting until `x-rate-limit-reset` |

and 5xx, no connection or no answer as for every REST network (podium/channels/rest.py).
"""

from __future__ import annotations

from typing import Any

import httpx

from podium.channels import rest
from podium.channels.base import AuthExpired, InvalidContent
from podium.lib import http

API = "https://api.x.com"
TIMEOUT = 20  # seconds; media uploads get more
UPLOAD_TIMEOUT = 60


class DuplicatePost(InvalidContent):
    """X refused the post: the account already posted this exact text."""


class Unauthorised(AuthExpired):
    """A 401: the access token expired or was revoked (a refresh may cure it)."""


def error_message(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return f"X answered {response.status_code}"
    details = [str(e.get("message")) for e in body.get("errors", []) if isinstance(e, dict)]
    text = "; ".join(d for d in details if d and d != "None") or str(
        body.get("detail") or body.get("title") or f"X answered {response.status_code}"
    )
    return text[:300]


def raise_for(response: httpx.Response, what: str) -> None:
    status = response.status_code
    if status < 300:
        return
    message = error_message(response)
    if status == 401:
        raise Unauthorised(f"X no longer accepts Podium's access while {what}: reconnect X")
    if status == 403:
        if "duplicate content" in message.lower():
            raise DuplicatePost(f"X already has this post ({message})")
        try:
            kind = str(response.json().get("type", "")) + str(response.json().get("title", ""))
        except (ValueError, AttributeError):
            kind = ""
        if any(word in kind.lower() for word in ("client-forbidden", "authentication")):
            raise AuthExpired(
                f"X refused {what} ({message}): reconnect X; if that does not help, an "
                "administrator must check Podium's X app (its access level and permissions)."
            )
        raise InvalidContent(f"X refused {what}: {message}")
    raise InvalidContent(f"X refused {what}: {message}")


class XClient:
    def __init__(self, access_token: str) -> None:
        self._token = access_token

    def __repr__(self) -> str:
        return "XClient()"  # the token never shows

    def call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        files: Any = None,
        timeout: float = TIMEOUT,
    ) -> httpx.Response:
        response = rest.call(
            "X",
            what,
            lambda: http.request(
                method,
                API + path,
                timeout=timeout,
                headers={"Authorization": f"Bearer {self._token}"},
                json=json,
                params=params,
                data=data,
                files=files,
            ),
            explain=error_message,
        )
        raise_for(response, what)
        return response
