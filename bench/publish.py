"""How fast the outbox publishes: time from due to the API call, and posts per second.

Runs Podium's real worker (`manage.py run_huey`, thread workers, SQLite task storage) on a
fresh database against a mastodon-mock server, and compares it with calling the mock directly
(Mastodon.py's status_post, the same number of threads, no Podium) in the same run.

    .venv/bin/python bench/publish.py [--posts 1000] [--workers 8] [--rate 10 --paced 300]

Two phases, both through schedule_wakeup() exactly as compose schedules posts:
  paced  -- `--paced` posts falling due at `--rate` per second: how long each due post waits
            for its call (sent_at - due_at, so the call's own duration is included): p50, p99;
  burst  -- `--posts` posts all due at the same moment: posts per second until the last is sent.
The last line reads `p50_s=X p99_s=Y posts_per_s=Z direct_posts_per_s=W`.

Set DATABASE_URL to run against PostgreSQL instead of a temporary SQLite file.
"""

# ruff: noqa: T201 - a bench reports by printing
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchkit import make_person, prepare_database, schedule_posts, set_up_environment, stop_worker

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# The worker polls its queue at most this often (Huey's default backs off to 10 s on SQLite
# storage; with Redis storage workers block on the queue and pick tasks up at once).
WORKER_MAX_DELAY = "0.25"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts in the burst")
    parser.add_argument("--paced", type=int, default=300, help="posts in the paced phase")
    parser.add_argument("--rate", type=float, default=10.0, help="paced posts falling due per s")
    parser.add_argument("--workers", type=int, default=8, help="worker threads")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per phase at most")
    parser.add_argument("--size", type=int, default=1, help="podium demo --size first")
    return parser.parse_args()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def direct_throughput(server, posts: int, workers: int) -> float:
    """Posts per second calling the mock with Mastodon.py alone, no Podium in between."""
    from mastodon import Mastodon

    user = server.create_user()
    local = threading.local()

    def post(index: int) -> None:
        if not hasattr(local, "client"):
            local.client = Mastodon(
                access_token=user.access_token,
                api_base_url=server.base_url,
                version_check_mode="none",
            )
        local.client.status_post(f"Direct post {index}", idempotency_key=f"direct-{index}")

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(post, range(posts)))
    return posts / (time.perf_counter() - started)


def statuses_on_server(server, account) -> int:
    from mastodon import Mastodon

    client = Mastodon(
        access_token=account.access_token, api_base_url=server.base_url, version_check_mode="none"
    )
    first = client.account_statuses(account.remote_account_id, limit=40)
    return len(client.fetch_remaining(first))


def make_account(server):
    from podium.channels.models import ChannelAccount

    person = make_person("bench", "Bench Executive")
    remote = server.create_user()
    return ChannelAccount.objects.create(
        person=person,
        network="mastodon",
        handle=f"@{remote.username}@127.0.0.1",
        instance_url=server.base_url,
        remote_account_id=remote.id,
        access_token=remote.access_token,
        status=ChannelAccount.Status.CONNECTED,
    )


def schedule(account, due_times: list[dt.datetime], label: str) -> list[int]:
    """Posts due at `due_times`, scheduled as compose does (a wake-up per publication)."""
    texts = [
        f"{label} post {index}: the outbox sends this once." for index in range(len(due_times))
    ]
    targets = [(account, due, text) for due, text in zip(due_times, texts, strict=True)]
    return [publication.pk for publication in schedule_posts(targets)]


def wait_until_settled(ids: list[int], timeout: float) -> None:
    from podium.outbox.models import Publication

    deadline = time.monotonic() + timeout
    open_states = [Publication.State.SCHEDULED, Publication.State.CLAIMED]
    while time.monotonic() < deadline:
        if not Publication.objects.filter(pk__in=ids, state__in=open_states).exists():
            return
        time.sleep(0.2)
    raise SystemExit(f"bench: publications still unsent after {timeout:.0f} s")


def outcomes(ids: list[int]) -> tuple[list[float], list[dt.datetime], dict[str, int]]:
    from podium.outbox.models import Publication

    rows = Publication.objects.filter(pk__in=ids).values_list("state", "due_at", "sent_at")
    waits, sent_times, states = [], [], {}
    for state, due_at, sent_at in rows:
        states[state] = states.get(state, 0) + 1
        if sent_at is not None:
            waits.append((sent_at - due_at).total_seconds())
            sent_times.append(sent_at)
    return waits, sent_times, states


def start_worker(workdir: Path, workers: int) -> subprocess.Popen[bytes]:
    log = open(workdir / "worker.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed argv
        [
            sys.executable,
            str(REPO / "manage.py"),
            "run_huey",
            "--workers",
            str(workers),
            "--worker-type",
            "thread",
            "--max-delay",
            WORKER_MAX_DELAY,
        ],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if b"consumer started" in (workdir / "worker.log").read_bytes().lower():
            return process
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise SystemExit("bench: the worker did not start:\n" + (workdir / "worker.log").read_text())


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="podium-bench-publish-"))
    set_up_environment(workdir, args.workers)

    import django

    django.setup()
    from django.utils import timezone

    from tests.servers.mastodon import start_mastodon_mock

    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}", flush=True)
    prepare_database(args.size)

    with start_mastodon_mock() as server:
        direct = direct_throughput(server, min(args.posts, 500), args.workers)
        print(f"direct: {direct:.1f} posts/s ({args.workers} threads, Mastodon.py)", flush=True)

        account = make_account(server)
        worker = start_worker(workdir, args.workers)
        try:
            start = timezone.now() + dt.timedelta(seconds=3)
            paced_due = [start + dt.timedelta(seconds=i / args.rate) for i in range(args.paced)]
            paced = schedule(account, paced_due, "Paced")
            wait_until_settled(paced, args.timeout + args.paced / args.rate)
            waits, _, paced_states = outcomes(paced)
            print(f"paced: {args.paced} posts at {args.rate:g}/s -> {paced_states}", flush=True)

            due = timezone.now() + dt.timedelta(seconds=3)
            burst = schedule(account, [due] * args.posts, "Burst")
            wait_until_settled(burst, args.timeout)
            _, sent_times, burst_states = outcomes(burst)
            print(f"burst: {args.posts} posts due at once -> {burst_states}", flush=True)
        finally:
            stop_worker(worker)
        held = statuses_on_server(server, account)
        sent = sum(s.get("sent", 0) for s in (paced_states, burst_states))
        print(f"on the server: {held} statuses for {sent} publications sent", flush=True)

    if not waits or not sent_times:
        raise SystemExit("bench: nothing was sent")
    elapsed = (max(sent_times) - due).total_seconds()
    posts_per_s = len(sent_times) / elapsed
    p50, p99 = percentile(waits, 0.50), percentile(waits, 0.99)
    print(
        f"due -> sent: p50 {p50:.3f} s, p99 {p99:.3f} s, max {max(waits):.3f} s, "
        f"mean {statistics.mean(waits):.3f} s (goal: p99 <= 2 s)"
    )
    print(f"burst throughput: {posts_per_s:.1f} posts/s (goal: >= 50), direct: {direct:.1f}")
    print(
        f"p50_s={p50:.3f} p99_s={p99:.3f} posts_per_s={posts_per_s:.1f} "
        f"direct_posts_per_s={direct:.1f}"
    )


if __name__ == "__main__":
    main()
