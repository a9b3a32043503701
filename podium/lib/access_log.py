"""gunicorn's access log without secrets: no API token from an address, no Authorization header.

The API refuses a token sent in the query string (podium.lib.api), but the request has been
logged by then, so every value logged (the request line, the referrer, any header or environ
variable an operator adds to the log format) has such parameters' values replaced by
`[redacted]`. `podium serve` runs gunicorn with `--logger-class podium.lib.access_log.Logger`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger as GunicornLogger

# Query parameters a client might put a token in; the API refuses each of them.
TOKEN_QUERY_PARAMETERS = frozenset({"token", "access_token", "api_token", "api_key", "bearer"})
REDACTED = "[redacted]"
_PARAMETER = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;#\s\"]+)=(?P<value>[^&;#\s\"]*)")
_SECRET_HEADERS = ("{authorization}i", "{http_authorization}e", "{cookie}i", "{http_cookie}e")


def redact(text: str) -> str:
    """`/api/me?token=abc&page=2` -> `/api/me?token=[redacted]&page=2` (names decoded first)."""

    def hide(match: re.Match[str]) -> str:
        if unquote_plus(match["name"]).lower() not in TOKEN_QUERY_PARAMETERS:
            return match[0]
        return f"{match['lead']}{match['name']}={REDACTED}"

    return _PARAMETER.sub(hide, text)


class Logger(GunicornLogger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if name.lower() in _SECRET_HEADERS:
                atoms[name] = REDACTED
            elif isinstance(value, str):
                atoms[name] = redact(value)
        return atoms
