"""Planning's periodic work: cadence reminders and the weekly digest (the outbox's tasks are
podium/outbox/tasks.py)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="9", minute="0"))
def cadence_nudges() -> int:
    """Daily: remind executives who are behind their cadence (at most once a week each)."""
    from podium.planning import cadence

    return cadence.send_nudges()


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
def cadence_digest() -> int:
    """Monday morning: last week's cadence to comms managers, and to each executive their own."""
    from podium.planning import cadence

    return cadence.send_digest()
