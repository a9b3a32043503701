from __future__ import annotations

import time

from podium.links import clicks

BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15"
)


def store_all() -> int:
    """Store every click appended so far, as the worker will once their minute is over."""
    clicks.close()
    return clicks.store_ready(now=time.time() + 3600)
