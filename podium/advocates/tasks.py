"""Advocates' periodic work: reading engagement from the networks and the blog, and carrying
on with imported files."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task


@db_periodic_task(crontab(minute="*/15"))
@lock_task("advocates-read")  # one reading at a time, however many workers run
def read_engagement() -> int:
    """Every quarter of an hour: what each Mastodon account and the blog received since, then
    the accounts that now look like one person, suggested."""
    from podium.advocates import ingest, matching

    added = sum(o.stored.added for o in ingest.read_everything() if o.stored is not None)
    matching.suggest()
    return added


@db_task()
def run_import(job_id: int) -> str:
    """Check, then import, one uploaded file (resumable: it starts where it stopped)."""
    from podium.advocates import importing

    return importing.run(job_id)


@db_periodic_task(crontab(minute="*"))
def resume_imports() -> int:
    """Every minute: an import whose worker stopped (no heartbeat for a while) carries on."""
    from podium.advocates import importing

    return importing.resume_stalled()
