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


@db_periodic_task(crontab(minute="*/5"))
def approval_time_limits() -> dict[str, int]:
    """Every five minutes: remind the approvers of a step whose reminder time has passed, and
    escalate to the step's backup one whose time limit has (approvals.tick)."""
    from podium.governance.approvals import tick

    return tick()
