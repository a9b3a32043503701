"""Exactly once under chaos: faults on the network and a worker killed twice mid-run.

Creates `--posts` posts (default 1000), all due now, split between a Mastodon account on
mastodon-mock and a Bluesky account on the local PDS, each behind a fault-injecting proxy
(bench/faultproxy.py: ~10 % of calls answered by accept-then-timeout, 503, 429 with a short
Retry-After, or a dropped connection). Runs Podium's real worker (`manage.py run_huey`,
started through this script so that it gets a short lease and backoff), kills it with SIGKILL
twice during the run and restarts it, and waits until every publication is sent or failed.
Then it compares what the servers hold with Podium's Publication rows.

    .venv/bin/python bench/chaos_publish.py [--posts 1000] [--workers 8] [--timeout 900]

duplicates: texts on a server more than once (each post's text is unique);
lost: publications Podium calls sent that are not on their server, plus those neither sent
nor failed at the end; failed_visible: publications failed with a reason shown.
The last line reads `posts=N published=P duplicates=D lost=L failed_visible=F`.
"""

# ruff: noqa: T201 - a bench reports by printing
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchkit import (  # bench/ is on sys.path: the script's own folder
    kill_worker,
    make_person,
    prepare_database,
    schedule_posts,
    set_up_environment,
    stop_worker,
)

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
WORKER_MAX_DELAY = "0.25"
LEASE_SECONDS = 20  # PUBLISH_LEASE_SECONDS in the worker: dead workers' rows free up fast
BACKOFF_BASE_SECONDS = 2  # instead of 30 s: retries come at the next sweep (every minute)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="posts, split between networks")
    parser.add_argument("--workers", type=int, default=8, help="worker threads")
    parser.add_argument("--rate", type=float, default=0.10, help="share of calls faulted")
    parser.add_argument("--stall", type=float, default=5.0, help="accept-then-timeout hold, s")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to settle at most")
    parser.add_argument("--seed", type=int, default=None, help="fault choice seed")
    parser.add_argument("--size", type=int, default=1, help="podium demo --size first")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def worker_main(workers: int) -> None:
    """The worker process: `run_huey` with a short lease and a short backoff."""
    import podium.settings

    podium.settings.PUBLISH_LEASE_SECONDS = LEASE_SECONDS  # read when the outbox is imported
    podium.settings.PUBLISH_BACKOFF_BASE_SECONDS = BACKOFF_BASE_SECONDS
    import django

    django.setup()
    from django.core.management import call_command

    from podium.outbox import public as outbox
    from podium.outbox import transitions

    assert outbox.LEASE_SECONDS == LEASE_SECONDS
    assert transitions.BACKOFF_BASE_SECONDS == BACKOFF_BASE_SECONDS
    call_command(
        "run_huey",
        "--workers",
        str(workers),
        "--worker-type",
        "thread",
        "--max-delay",
        WORKER_MAX_DELAY,
    )


def start_worker(workdir: Path, workers: int, number: int) -> subprocess.Popen[bytes]:
    log_path = workdir / f"worker-{number}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - this script, fixed argv
        [sys.executable, __file__, "--worker", "--workers", str(workers)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if b"consumer started" in log_path.read_bytes().lower():
            return process
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise SystemExit("bench: the worker did not start:\n" + log_path.read_text())


def mastodon_account(person, server, proxy_url: str):
    from podium.channels.models import ChannelAccount

    remote = server.create_user()
    account = ChannelAccount.objects.create(
        person=person,
        network="mastodon",
        handle=f"@{remote.username}@127.0.0.1",
        instance_url=proxy_url,
        remote_account_id=remote.id,
        access_token=remote.access_token,
        status=ChannelAccount.Status.CONNECTED,
    )
    return account, remote


def bluesky_account(person, network, proxy_url: str):
    from podium.channels.bluesky.session import create_session
    from podium.channels.models import ChannelAccount

    remote = network.create_account()
    tokens = create_session(network.pds_url, remote.handle, network.create_app_password(remote))
    return ChannelAccount.objects.create(
        person=person,
        network="bluesky",
        handle=tokens.handle,
        instance_url=proxy_url,
        remote_account_id=tokens.did,
        access_token=tokens.access_jwt,
        refresh_token=tokens.refresh_jwt,
        token_expires_at=tokens.expires_at,
        status=ChannelAccount.Status.CONNECTED,
    )


def text_for(index: int, network: str) -> str:
    return f"Chaos post {index} to {network}: the outbox sends this exactly once."


def schedule(accounts: list, posts: int) -> dict[int, str]:
    """`posts` posts due now, alternating between the accounts; publication id -> text."""
    from django.utils import timezone

    due = timezone.now()
    targets = [accounts[index % len(accounts)] for index in range(posts)]
    publications = schedule_posts(
        [(account, due, text_for(index, account.network)) for index, account in enumerate(targets)]
    )
    return {p.pk: p.variant.text for p in publications}


def states(ids) -> Counter[str]:
    from podium.outbox.models import Publication

    return Counter(Publication.objects.filter(pk__in=ids).values_list("state", flat=True))


def mastodon_texts(server, remote) -> list[str]:
    from mastodon import Mastodon

    from podium.channels.mastodon.connector import status_text

    client = Mastodon(
        access_token=remote.access_token, api_base_url=server.base_url, version_check_mode="none"
    )
    statuses = client.fetch_remaining(client.account_statuses(remote.id, limit=40))
    return [status_text(status["content"]) for status in statuses]


def bluesky_texts(network, did: str) -> list[str]:
    from atproto import Client, models

    client = Client(base_url=network.pds_url)
    texts: list[str] = []
    cursor = None
    while True:
        page = client.com.atproto.repo.list_records(
            models.ComAtprotoRepoListRecords.Params(
                repo=did, collection="app.bsky.feed.post", limit=100, cursor=cursor
            )
        )
        texts.extend(record.value.text for record in page.records)
        cursor = page.cursor
        if not page.records or not cursor:
            return texts


def main() -> None:
    args = parse_args()
    if args.worker:
        worker_main(args.workers)
        return
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="podium-bench-chaos-"))
    set_up_environment(workdir, args.workers)

    import django

    django.setup()
    from faultproxy import FaultProxy  # bench/ is on sys.path: the script's own folder

    from podium.outbox.models import Publication
    from tests.servers.bluesky import start_bluesky
    from tests.servers.mastodon import start_mastodon_mock

    print(f"workdir: {workdir}", flush=True)
    prepare_database(args.size)

    with start_mastodon_mock() as server, start_bluesky() as network:
        seed = args.seed
        with (
            FaultProxy(server.base_url, rate=args.rate, stall=args.stall, seed=seed) as m_proxy,
            FaultProxy(network.pds_url, rate=args.rate, stall=args.stall, seed=seed) as b_proxy,
        ):
            person = make_person("chaos", "Chaos Executive")
            mastodon, m_remote = mastodon_account(person, server, m_proxy.url)
            bluesky = bluesky_account(person, network, b_proxy.url)
            texts = schedule([mastodon, bluesky], args.posts)
            ids = list(texts)
            print(f"scheduled {len(ids)} publications, all due now", flush=True)

            number = 1
            worker = start_worker(workdir, args.workers, number)
            run_started = time.monotonic()
            kills_at = [0.2, 0.55]  # share of publications sent when the worker is killed
            done_states = {Publication.State.SENT, Publication.State.FAILED}
            last_print = 0.0
            try:
                while True:
                    now = time.monotonic()
                    counts = states(ids)
                    settled = sum(counts[s] for s in done_states)
                    if now - last_print >= 5:
                        last_print = now
                        print(
                            f"t={now - run_started:5.0f}s worker={number} {dict(counts)}",
                            flush=True,
                        )
                    if settled == len(ids):
                        break
                    if now - run_started > args.timeout:
                        print(f"bench: not settled after {args.timeout:.0f} s", flush=True)
                        break
                    # Kill on progress, or on time if progress stalls (at most two kills).
                    late = now - run_started > 30 * (3 - len(kills_at))
                    if kills_at and (
                        counts[Publication.State.SENT] >= kills_at[0] * len(ids) or late
                    ):
                        kills_at.pop(0)
                        kill_worker(worker)
                        print(
                            f"t={now - run_started:5.0f}s SIGKILL worker {number} {dict(counts)}",
                            flush=True,
                        )
                        number += 1
                        worker = start_worker(workdir, args.workers, number)
                    time.sleep(0.5)
            finally:
                stop_worker(worker)
            print(f"mastodon proxy: {m_proxy.summary()}", flush=True)
            print(f"bluesky proxy: {b_proxy.summary()}", flush=True)

        held = Counter(mastodon_texts(server, m_remote))
        held.update(bluesky_texts(network, bluesky.remote_account_id))

    rows = Publication.objects.filter(pk__in=ids).values_list("pk", "state", "last_error")
    final = Counter(state for _, state, _ in rows)
    duplicates = sum(count - 1 for count in held.values() if count > 1)
    sent = [pk for pk, state, _ in rows if state == Publication.State.SENT]
    failed = [(pk, error) for pk, state, error in rows if state == Publication.State.FAILED]
    lost_sent = [pk for pk in sent if held[texts[pk]] == 0]
    open_rows = [pk for pk, state, _ in rows if state not in done_states]
    failed_visible = [pk for pk, error in failed if error]
    failed_but_there = [pk for pk, _ in failed if held[texts[pk]] > 0]
    strays = [text for text in held if text not in set(texts.values())]
    print(f"final states: {dict(final)}; run {time.monotonic() - started:.0f} s", flush=True)
    if duplicates:
        print(f"duplicated texts: {[t for t, c in held.items() if c > 1][:10]}")
    if lost_sent:
        print(f"sent but not on the server: publications {lost_sent[:20]}")
    if open_rows:
        print(f"neither sent nor failed: publications {open_rows[:20]}")
    if failed:
        reasons = Counter(error[:80] for _, error in failed)
        print(f"failed: {dict(reasons)}")
    if failed_but_there:
        print(f"failed, yet on the server: publications {failed_but_there[:20]}")
    if strays:
        print(f"on a server but not Podium's: {len(strays)}")
    print(
        f"posts={len(ids)} published={len(sent)} duplicates={duplicates} "
        f"lost={len(lost_sent) + len(open_rows)} failed_visible={len(failed_visible)}"
    )


if __name__ == "__main__":
    main()
