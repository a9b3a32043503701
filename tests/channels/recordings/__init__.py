"""Recorded LinkedIn and X responses, shaped as each network's documentation shows them.

Neither network has a local server to test against, so these files stand in for it: each is
`{"status": …, "headers": {…}, "body": …}` (body null when the network sends none), served at
the one HTTP seam (podium.lib.http, through httpx) by respx.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).parent


def load(name: str) -> dict[str, Any]:
    """The recording `name`, e.g. "linkedin/post_created"."""
    return json.loads((HERE / f"{name}.json").read_text())


def replay(name: str) -> httpx.Response:
    recording = load(name)
    headers = recording.get("headers", {})
    body = recording.get("body")
    if body is None:
        return httpx.Response(recording["status"], headers=headers)
    return httpx.Response(recording["status"], headers=headers, json=body)
