"""How fast every page answers, and whether its queries grow with the data.

For each demo size (`--sizes`, default 1 and 50: 8 and 400 executives with their year of
posts), a child process builds a fresh database with `podium demo --size N` (benchkit), signs
in as each demo role (administrator, communications manager, approver, the CEO, the CEO's
assistant) and finds every page the role reaches by following same-site links from its home,
one page per kind, with the browser crawl's own rules (tests/browser/crawl.py: `kind_of`,
`SKIPPED`). Each page is requested `--repeat` times (20) with Django's test Client in the same
process, so the time is the server's (middleware, view, template), not the network's; its
queries are counted once with a connection.execute_wrapper, in a request of its own so that counting
does not slow the timed ones. The signed-out sign-in page is timed the same way as a baseline.

    .venv/bin/python bench/pages.py                      # sizes 1 and 50, SQLite
    .venv/bin/python bench/pages.py --sizes 1,5 --repeat 5   # a quick look

Set DATABASE_URL to run against PostgreSQL (one size at a time then: each size resets it).
The last line reads `pages=N p95_ms=X worst_ms=Y worst=URL max_queries=Q` for the largest size.
"""

# ruff: noqa: T201 - a bench reports by printing
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from benchkit import prepare_database, set_up_environment

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BASE = "http://127.0.0.1"
BASELINE = "/accounts/login/"
GOAL_MS = 100.0


@dataclass
class Timing:
    role: str
    kind: str
    url: str
    p50_ms: float
    p95_ms: float
    queries: int
    times: list[float]
    cpu_p95_ms: float  # the thread's CPU time: what the page costs, whatever the machine's load


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,50", help="demo sizes, compared side by side")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # the child: one size
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def readers() -> list[tuple[str, object]]:
    """The demo's printed sign-ins, one per role: (role, user)."""
    from podium.accounts.models import User
    from podium.accounts.roles import Role
    from podium.system.demo import recorded_logins

    logins = recorded_logins()
    by_label = {login.role: login.email for login in logins}
    chosen = [
        ("admin", by_label[Role.ADMIN.label]),
        ("comms", by_label[Role.COMMS.label]),
        ("approver", by_label[Role.APPROVER.label]),
        ("executive", next(x.email for x in logins if x.role.startswith("Executive"))),
        ("assistant", next(x.email for x in logins if x.role.startswith("Assistant"))),
    ]
    return [(role, User.objects.get(email=email)) for role, email in chosen]


def discover(client, start: str) -> dict[str, str]:
    """Every kind of page reachable from `start`: kind -> the first URL of that kind (HTML,
    status below 400), found as the browser crawl finds them."""
    from tests.browser.crawl import NOT_HTML, kind_of, same_site, skip_reason

    pages: dict[str, str] = {}
    queue, queued = [start], {kind_of(start)}
    while queue:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
            if kind_of(url) in pages:
                continue
        content_type = response.headers.get("Content-Type", "")
        if response.status_code >= 400 or "html" not in content_type or NOT_HTML.search(url):
            continue
        pages[kind_of(url)] = url
        for href in links_of(response.content.decode()):
            link = same_site(BASE, href, BASE + url)
            if link is None or skip_reason(urlsplit(link).path) is not None:
                continue
            if kind_of(link) not in queued:
                queued.add(kind_of(link))
                queue.append(link)
    return pages


def time_page(client, role: str, kind: str, url: str, repeat: int) -> Timing:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        if response.status_code >= 400:
            raise SystemExit(f"{role}: {url} answered {response.status_code}")
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    return Timing(role, kind, url, p50, p95, len(queries), times, percentile(cpu, 0.95))


def measure(size: int, repeat: int, out: Path) -> None:
    """In a child process: one size's database, every role's pages, written to `out`."""
    workdir = Path(tempfile.mkdtemp(prefix=f"podium-bench-pages-{size}-"))
    set_up_environment(workdir, workers=1)
    os.environ["PODIUM_LOG_LEVEL"] = "WARNING"  # no line per request among the figures
    import django

    django.setup()
    from django.test import Client

    started = time.monotonic()
    prepare_database(size)
    print(f"  size {size}: demo built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    import podium.wsgi  # noqa: F401 - the web process's start, as gunicorn loads it (warm.py)

    results = [time_page(Client(HTTP_HOST="127.0.0.1"), "public", "sign-in", BASELINE, repeat)]
    for role, user in readers():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        pages = discover(client, "/")
        print(f"  size {size}: {role} reaches {len(pages)} kinds of page", file=sys.stderr)
        results += [time_page(client, role, kind, url, repeat) for kind, url in pages.items()]
    out.write_text(json.dumps([asdict(result) for result in results]))


def run_size(size: int, repeat: int) -> list[Timing]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, "--measure", str(size), "--repeat", str(repeat)]
        # This very script as the child, with its own arguments: nothing comes from outside.
        subprocess.run([*command, "--out", out.name], check=True)  # noqa: S603
        return [Timing(**row) for row in json.loads(Path(out.name).read_text())]


def summary(timings: list[Timing]) -> str:
    """`pages=N p95_ms=X worst_ms=Y worst=URL max_queries=Q`: p95 of every signed-in request,
    the slowest page's p95, and the most queries any page made."""
    pages = [t for t in timings if t.role != "public"]
    worst = max(pages, key=lambda t: t.p95_ms)
    p95 = percentile([ms for t in pages for ms in t.times], 0.95)
    return (
        f"pages={len(pages)} p95_ms={p95:.1f} worst_ms={worst.p95_ms:.1f} worst={worst.url} "
        f"max_queries={max(t.queries for t in pages)}"
    )


def cells(t: Timing | None) -> str:
    if t is None:
        return f" {'-':>7} {'-':>7} {'-':>7} {'-':>4}"
    return f" {t.p50_ms:7.1f} {t.p95_ms:7.1f} {t.cpu_p95_ms:7.1f} {t.queries:4d}"


def report(by_size: dict[int, list[Timing]]) -> None:
    sizes = sorted(by_size)
    largest = sizes[-1]
    keyed = {size: {(t.role, t.kind): t for t in by_size[size]} for size in sizes}
    print("times in ms: p50 and p95 of the requests, p95 of their CPU time; q = queries")
    header = f"{'role':<10} {'page (URL at the first size)':<44}" + "".join(
        f" {'p50@' + str(s):>7} {'p95@' + str(s):>7} {'cpu@' + str(s):>7} {'q@' + str(s):>4}"
        for s in sizes
    )
    print(header)
    print("-" * len(header))
    growing = []
    for key in dict.fromkeys((t.role, t.kind) for size in sizes for t in by_size[size]):
        row = next(keyed[s][key] for s in sizes if key in keyed[s])
        print(
            f"{row.role:<10} {row.url[:44]:<44}" + "".join(cells(keyed[s].get(key)) for s in sizes)
        )
        counts = [keyed[s][key].queries for s in sizes if key in keyed[s]]
        if len(counts) == len(sizes) and counts[-1] > counts[0]:
            growing.append(f"{row.role} {row.url}: {' -> '.join(map(str, counts))} queries")
    baseline = keyed[largest][("public", "sign-in")]
    print(f"\nbaseline, signed out {BASELINE} at size {largest}:{cells(baseline)}")
    slow = [t for t in by_size[largest] if t.role != "public" and t.p95_ms > GOAL_MS]
    print(f"pages over {GOAL_MS:.0f} ms p95 at size {largest}: {len(slow)}")
    for t in sorted(slow, key=lambda t: -t.p95_ms):
        print(f"  {t.role} {t.url}: p95 {t.p95_ms:.1f} ms (CPU {t.cpu_p95_ms:.1f} ms)")
    print(f"pages whose queries grow with the size: {len(growing)}")
    for line in growing:
        print(f"  {line}")
    for size in sizes[:-1]:
        print(f"size {size}: {summary(by_size[size])}")
    print(summary(by_size[largest]))


def main() -> None:
    args = parse_args()
    if args.measure is not None:
        measure(args.measure, args.repeat, args.out)
        return
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared)", file=sys.stderr)
    by_size = {size: run_size(size, args.repeat) for size in sizes}
    print(f"load average after: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    report(by_size)


if __name__ == "__main__":
    main()
