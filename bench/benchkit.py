"""What the benches share: a throwaway Podium configured for a real worker, its data made
with `podium demo --size N`, an executive for the bench's own accounts, posts scheduled the
way compose schedules them, and stopping workers."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
from pathlib import Path


def set_up_environment(workdir: Path, workers: int) -> None:
    """Podium's settings for a bench: a fresh SQLite file unless DATABASE_URL is set (and
    Redis task storage if REDIS_URL is), real (not immediate) tasks, local servers allowed."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["PODIUM_VAR_DIR"] = str(workdir)
    os.environ["PODIUM_ENV"] = "development"
    os.environ["PODIUM_HUEY_IMMEDIATE"] = "false"
    os.environ["PODIUM_HUEY_WORKERS"] = str(workers)
    os.environ["PODIUM_HTTP_ALLOW_PRIVATE"] = "true"  # the servers listen on 127.0.0.1
    os.environ["DJANGO_SETTINGS_MODULE"] = "podium.settings"


def prepare_database(size: int) -> None:
    """Migrate, then `podium demo --size N --reset`: the outbox works among a program's worth of
    people, posts and publications (demo accounts are held, so the worker never sends them)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo", size=size, reset=True, quiet=True, stdout=io.StringIO())


def make_person(slug: str, name: str):
    """A bench executive (and their user) next to the demo's people."""
    from podium.accounts.models import User
    from podium.accounts.roles import Role
    from podium.org.models import Person

    user = User.objects.create_user(
        email=f"{slug}@bench.example", password=None, full_name=name, role=Role.EXECUTIVE
    )
    return Person.objects.create(name=name, title="CEO", slug=slug, user=user)


def schedule_posts(targets: list[tuple[object, dt.datetime, str]]) -> list:
    """One post per (channel account, due time, text), scheduled as compose schedules them:
    an approved revision, a variant, a publication and a wake-up each. Returns the publications.
    """
    from podium.outbox.models import Publication
    from podium.outbox.tasks import schedule_wakeup
    from podium.publishing.models import Post, Revision, Variant

    posts = Post.objects.bulk_create(
        [
            Post(person=account.person, created_by=account.person.user, scheduled_for=due)
            for account, due, _ in targets
        ]
    )
    revisions = Revision.objects.bulk_create(
        [
            Revision(post=post, number=1, text=text, created_by=post.created_by)
            for post, (_, _, text) in zip(posts, targets, strict=True)
        ]
    )
    variants = Variant.objects.bulk_create(
        [
            Variant(revision=revision, network=account.network, text=text)
            for revision, (account, _, text) in zip(revisions, targets, strict=True)
        ]
    )
    publications = Publication.objects.bulk_create(
        [
            Publication(
                post=post,
                revision=revision,
                variant=variant,
                channel_account=account,
                state=Publication.State.SCHEDULED,
                due_at=due,
            )
            for post, revision, variant, (account, due, _) in zip(
                posts, revisions, variants, targets, strict=True
            )
        ]
    )
    for publication in publications:
        schedule_wakeup(publication)  # outside a transaction: enqueued at once
    return publications


def kill_worker(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    """Stop gracefully (running tasks finish), or kill after 30 s."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
