"""Background work for the outbox: thin tasks around podium.outbox.

The database is the truth and the queue is only a wake-up call: a periodic sweep every minute
finds whatever is due (so a lost wake-up loses nothing), and `schedule_wakeup` asks for an
earlier look when something is scheduled. A worker stopped mid-send loses nothing either: its
rows stay claimed under a lease, then become `unknown` and are reconciled.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from podium.outbox import public as outbox
from podium.outbox.models import Publication


@db_periodic_task(crontab(minute="*"))
def sweep() -> dict[str, int]:
    """Release dead workers' rows, reconcile unknown outcomes, send what is due."""
    return outbox.sweep(outbox.worker_name())


@db_task()
def wake() -> int:
    """Send what is due now (scheduled by `schedule_wakeup`)."""
    return outbox.publish_due(outbox.worker_name())


def schedule_wakeup(publication: Publication) -> None:
    """After the current transaction commits, wake a worker when `publication` is due.

    Call it whenever a publication is scheduled (or rescheduled). If the wake-up is lost, the
    minute sweep still sends the publication.
    """
    due_at = publication.due_at

    def enqueue() -> None:
        if due_at <= timezone.now():
            wake()
        else:
            wake.schedule(eta=due_at)

    transaction.on_commit(enqueue)


@db_task()
def settle(publication_id: int) -> str:
    """Ask the network whether one `unknown` publication went out (see outbox.reconcile)."""
    publication = (
        Publication.objects.select_related("channel_account").filter(pk=publication_id).first()
    )
    if publication is None or publication.state != Publication.State.UNKNOWN:
        return publication.state if publication else "gone"
    return outbox.reconcile(publication, outbox.worker_name())


def schedule_settling(publication: Publication, delay_seconds: float) -> None:
    """After commit, ask a worker to settle `publication` in `delay_seconds`.

    Many rows can become unknown at once (a worker killed with a batch claimed): each gets its
    own task, so every worker thread helps instead of one sweep asking them in turn. A lost
    task only delays the answer: the minute sweep asks about every unknown row too.
    """
    publication_id = publication.pk

    def enqueue() -> None:
        settle.schedule((publication_id,), delay=delay_seconds)

    transaction.on_commit(enqueue)
