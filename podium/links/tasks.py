"""Links' periodic work: the clicks the redirect appended, written to the database."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*"))
@lock_task("links-store-clicks")  # one writer at a time: counting once an hour needs it
def store_clicks() -> int:
    """Every minute: the files of minutes past, classified, counted and stored in batches."""
    from podium.links import clicks

    return clicks.store_ready()
