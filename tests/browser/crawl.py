"""The crawl behind tests/browser/test_crawl.py: every page a reader can reach, checked in chromium.

Starting at a reader's home, every same-site link is followed until no new kind of page is
found. A *kind* of page is its URL pattern and the names of its query parameters
(`/posts/<id>/` with any id, `/calendar/?start=…`), so a year of posts is one kind, not three
hundred pages. The first page of each kind is opened in chromium and checked whole (status,
console, CSP, axe-core, a phone's width); up to `STATUS_SAMPLE` pages of each kind are fetched
with the reader's cookies to check that no link leads the reader to a page it may not open.
New pages join by being linked: nothing is registered here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).resolve().parents[2] / "test-artifacts" / "vendor" / "axe-core" / "axe.min.js"
CRAWLED = AXE.parents[2] / "crawl"
STATUS_SAMPLE = 3
PHONE_WIDTH = 390
# axe's impact levels that fail the gate (WCAG 2.1 AA rules and axe's best practices).
BLOCKING = {"serious", "critical"}

# Links the crawl does not follow, each with its reason.
SKIPPED = {
    r"^/accounts/logout/": "signs the reader out (the crawl would lose its session)",
    r"^/django-admin/": "Django's own admin, not one of Podium's pages",
    r"^/api/": "the REST API answers JSON; tests/api checks it and its docs",
    r"^/media/": "uploaded files, not pages; tests/security checks how they are served",
    r"^/static/": "static files, not pages",
}
# Pages that are files, not HTML: their status is checked, not their accessibility.
NOT_HTML = re.compile(r"(\.csv|\.json|\.xml|/feed/?|\.atom|/atom/?)(\?|$)")


@dataclass
class Problem:
    url: str
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.url}: {self.check}: {self.detail}"


@dataclass
class Crawl:
    reader: str
    pages: list[str] = field(default_factory=list)  # opened in chromium
    fetched: int = 0  # fetched for their status only
    problems: list[Problem] = field(default_factory=list)
    forms: int = 0

    def save(self, name: str) -> None:
        """What was crawled, for people: test-artifacts/crawl/<name>.txt."""
        CRAWLED.mkdir(parents=True, exist_ok=True)
        lines = [
            f"{self.reader}: {len(self.pages)} pages opened, {self.fetched} fetched, "
            f"{self.forms} GET forms tried",
            *self.pages,
        ]
        (CRAWLED / f"{name}.txt").write_text("\n".join(lines) + "\n")

    def report(self) -> str:
        lines = [f"{self.reader}: {len(self.problems)} problems on {len(self.pages)} pages"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


def kind_of(url: str) -> str:
    """`/posts/12/edit/?next=/x` -> `publishing-edit-post?next`: one kind per pattern and query."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        name = match.view_name or match.route
    except Resolver404:
        name = parts.path
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return name + ("?" + "&".join(keys) if keys else "")


def skip_reason(path: str) -> str | None:
    return next((why for pattern, why in SKIPPED.items() if re.match(pattern, path)), None)


def same_site(base: str, href: str, here: str) -> str | None:
    """The site-relative address of a link, or None for another site, a fragment or a scheme."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urljoin(here, href)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(context: BrowserContext, base: str, start: str, reader: str) -> Crawl:
    result = Crawl(reader)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    axe = AXE.read_text()
    seen_kinds: dict[str, int] = {}
    queued_kinds: dict[str, int] = {kind_of(start): 1}
    queue = [start]
    queued = {start}
    forms_seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        kind = kind_of(url)
        seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
        if seen_kinds[kind] > 1 or NOT_HTML.search(url):
            _check_status(context, base, url, result)
            continue
        console.clear()
        try:
            response = page.goto(base + url)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            _check_status(context, base, url, result)  # a file to download, not a page
            continue
        status = response.status if response else 0
        if status >= 400:
            result.problems.append(Problem(url, "status", str(status)))
            continue
        if "html" not in (response.headers.get("content-type", "") if response else ""):
            result.fetched += 1
            continue
        landed = same_site(base, page.url, base + url) or url
        result.pages.append(landed)
        _check_page(page, axe, landed, console, result)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for link in _links(base, links, page.url):
            link_kind = kind_of(link)
            if link not in queued and queued_kinds.get(link_kind, 0) < STATUS_SAMPLE:
                queued.add(link)
                queued_kinds[link_kind] = queued_kinds.get(link_kind, 0) + 1
                queue.append(link)
        for form in _get_forms(page):
            key = kind_of(form["action"] or landed) + "|" + ",".join(sorted(form["fields"]))
            if key not in forms_seen:
                forms_seen.add(key)
                _submit_bad_values(context, base, landed, form, result)
    page.close()
    return result


def _links(base: str, hrefs: Iterable[str], here: str) -> list[str]:
    found = []
    for href in hrefs:
        link = same_site(base, href, here)
        if link is not None and skip_reason(urlsplit(link).path) is None:
            found.append(link)
    return found


def _check_status(context: BrowserContext, base: str, url: str, result: Crawl) -> None:
    answer = context.request.get(base + url, max_redirects=5)
    result.fetched += 1
    if answer.status >= 400:
        result.problems.append(Problem(url, "status", f"{answer.status} (linked to this reader)"))


def _check_page(page: Page, axe: str, url: str, console: list[str], result: Crawl) -> None:
    for message in console:
        result.problems.append(Problem(url, "console", message))
    for violation in page.evaluate("() => window.__csp || []"):
        result.problems.append(Problem(url, "CSP", violation))
    page.evaluate(axe)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    for violation in violations:
        if violation["impact"] in BLOCKING:
            elements = "; ".join(violation["nodes"])
            detail = f"{violation['id']} ({violation['impact']}: {violation['help']}) at {elements}"
            result.problems.append(Problem(url, "axe", detail))
    size = page.viewport_size or {"width": 1360, "height": 860}
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 1:
        result.problems.append(Problem(url, "phone", f"scrolls sideways by {overflow}px at 390px"))
    page.set_viewport_size(size)


def _get_forms(page: Page) -> list[dict]:
    return page.eval_on_selector_all(
        "form",
        """forms => forms
            .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
            .map(f => ({
                action: f.getAttribute('action') || '',
                fields: [...f.elements]
                    .filter(e => e.name && !['submit', 'button', 'hidden'].includes(e.type))
                    .map(e => e.name),
                hidden: [...f.elements]
                    .filter(e => e.name && e.type === 'hidden').map(e => [e.name, e.value]),
            }))""",
    )


BAD_VALUES = {
    "empty": "",
    "over-long": "x" * 5000,
    "non-ASCII": "Zoë ✓ 東京 \u202egnp.exe 🙂",
}


def _submit_bad_values(
    context: BrowserContext, base: str, url: str, form: dict, result: Crawl
) -> None:
    """Each GET form with empty, over-long and non-ASCII values: never a 5xx."""
    action = same_site(base, form["action"], base + url) if form["action"] else url
    if action is None:
        return
    result.forms += 1
    for label, value in BAD_VALUES.items():
        pairs = [(name, kept) for name, kept in form["hidden"]]
        query = urlencode(pairs + [(name, value) for name in form["fields"]])
        target = urlsplit(action).path + "?" + query
        answer = context.request.get(base + target, max_redirects=5)
        if answer.status >= 500:
            result.problems.append(
                Problem(url, "form", f"{label} values in {form['fields']} answer {answer.status}")
            )
