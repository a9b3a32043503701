"""Governance's periodic work."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="23"))
def refresh_progress() -> int:
    """Hourly: measure every objective's ended steps again, so a visit never waits for them
    and a late fact shows within the hour (progress.py). Returns the objectives measured."""
    from podium.governance.localtime import org_zone
    from podium.governance.objectives import Objective
    from podium.governance.progress import progress_for

    zone = org_zone()
    objectives = list(Objective.objects.all())
    for objective in objectives:
        progress_for(objective, zone, refresh=True)
    return len(objectives)
