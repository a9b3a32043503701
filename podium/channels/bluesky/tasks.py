"""The daily renewal of idle Bluesky sessions (see keepalive.py).

Huey finds tasks in each app's `tasks` module; this one is registered when
podium/channels/tasks.py imports it.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from podium.channels.bluesky.keepalive import refresh_ageing_sessions


@db_periodic_task(crontab(hour="4", minute="17"))
def renew_bluesky_sessions() -> dict[str, int]:
    return refresh_ageing_sessions()
