"""Periodic upkeep of channel accounts (Huey registers the tasks it finds in each app's tasks)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

import podium.channels.bluesky.tasks  # noqa: F401 - registers the daily Bluesky session renewal
from podium.channels.linkedin.expiry import mark_expiring


@db_periodic_task(crontab(minute="7"))
def mark_expiring_linkedin_tokens() -> int:
    """Hourly: LinkedIn tokens that cannot be renewed are flagged before they lapse."""
    return mark_expiring()
