"""XSS: a corpus of payloads typed into every text field a person can fill, through Podium's
actions, then every page that shows them opened in chromium with a trap.

Each payload, if it ran, would call `window.__xss.push(n)` (or alert, which is hooked). The
page must leave the trap empty, open no dialog, report no CSP violation (the `page` fixture
fails on console errors), and hold no element whose script attributes, `javascript:` links or
`<script>` text carry a payload. One page load per page, all payloads on it at once.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Page

from podium.accounts.actions import do_update_user
from podium.blog.actions import do_post_comment, do_publish_article, do_save_article
from podium.channels.models import ChannelAccount
from podium.org.actions import do_create_person, do_update_organisation, do_update_person
from podium.policy import actions as policy
from podium.publishing.actions import do_create_post
from tests.browser.support import sign_in
from tests.conftest import PASSWORD
from tests.publishing.composing import account

pytestmark = pytest.mark.browser

FORMS = [
    "<script>__xss.push({n})</script>",
    "<ScRiPt>__xss.push({n})</ScRiPt>",
    "<script src=data:text/javascript,__xss.push({n})></script>",
    "<img src=x onerror=__xss.push({n})>",
    "<img src=x onerror='__xss.push({n})'>",
    '<img src="x" onerror="__xss.push({n})">',
    "<svg onload=__xss.push({n})>",
    "<svg><script>__xss.push({n})</script></svg>",
    "<svg><animate onbegin=__xss.push({n}) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss.push({n})>",
    "<body onload=__xss.push({n})>",
    "<iframe srcdoc='<script>parent.__xss.push({n})</script>'></iframe>",
    "<iframe src=javascript:parent.__xss.push({n})></iframe>",
    "<details open ontoggle=__xss.push({n})>",
    "<input autofocus onfocus=__xss.push({n})>",
    "<video><source onerror=__xss.push({n})></video>",
    "<audio src=x onerror=__xss.push({n})>",
    "<object data=javascript:__xss.push({n})></object>",
    "<embed src=javascript:__xss.push({n})>",
    "<a href=javascript:__xss.push({n})>x</a>",
    "<a href=' javascript:__xss.push({n})'>x</a>",
    "<a href=&#106;avascript:__xss.push({n})>x</a>",
    "<form action=javascript:__xss.push({n})><button>x</button></form>",
    "<marquee onstart=__xss.push({n})>",
    "<div style=background:url(javascript:__xss.push({n}))>",
    "<style>@import 'javascript:__xss.push({n})';</style>",
    "<style>",
    "<meta http-equiv=refresh content='0;url=javascript:__xss.push({n})'>",
    "<base href=javascript:__xss.push({n})//>",
    "<template><img src=x onerror=__xss.push({n})></template>",
    '<noscript><p title="</noscript><img src=x onerror=__xss.push({n})>">',
    '"><img src=x onerror=__xss.push({n})>',
    "'><img src=x onerror=__xss.push({n})>",
    '" onmouseover="__xss.push({n})" x="',
    "' onfocus='__xss.push({n})' autofocus x='",
    '" autofocus onfocus="__xss.push({n})',
    "</textarea><img src=x onerror=__xss.push({n})>",
    "</title><img src=x onerror=__xss.push({n})>",
    "</script><script>__xss.push({n})</script>",
    "';__xss.push({n});//",
    '";__xss.push({n});//',
    "`;__xss.push({n});//`",
    "${{__xss.push({n})}}",
    "{{{{constructor.constructor('__xss.push({n})')()}}}}",
    "{{{{ '<img src=x onerror=__xss.push({n})>'|safe }}}}",
    "{{% autoescape off %}}<img src=x onerror=__xss.push({n})>{{% endautoescape %}}",
    "[x](javascript:__xss.push({n}))",
    "[x](JAVASCRIPT:__xss.push({n}))",
    "[x](java\tscript:__xss.push({n}))",
    "[x](javascript&#58;__xss.push({n}))",
    "![x](javascript:__xss.push({n}))",
    '![x](x" onerror="__xss.push({n}))',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<https://x.example/"onmouseover="__xss.push({n})>',
    "[x]: javascript:__xss.push({n})\n\n[y][x]",
    "\u202e<img src=x onerror=__xss.push({n})>",
    "\ufeff<script>__xss.push({n})</script>",
    "<img src=x onerror=\u0061lert({n})>",
    "＜script＞__xss.push({n})＜/script＞",  # noqa: RUF001 - full-width brackets on purpose
    "<img src=x onerror=&#95;&#95;xss.push({n})>",
    "<scr<script>ipt>__xss.push({n})</scr</script>ipt>",
    '<!--<img src="--><img src=x onerror=__xss.push({n})//">',
]
PAYLOADS = [form.format(n=n) for n, form in enumerate(FORMS, start=1)]
ALL = "\n\n".join(PAYLOADS)

TRAP = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (m) => window.__xss.push(name + ":" + m);
}
"""
# Elements that carry a payload where a browser would run it.
FOUND = """() => {
  const hits = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const v = attr.value.replace(/\\s/g, "").toLowerCase();
      const runs = attr.name.startsWith("on") || v.startsWith("javascript:")
        || (v.startsWith("data:") && ["src", "href", "data", "action"].includes(attr.name));
      if (runs && /xss|alert/.test(v)) hits.push(`${el.tagName}[${attr.name}=${attr.value}]`);
    }
    if (el.tagName === "SCRIPT" && /__xss/.test(el.textContent)) hits.push(el.outerHTML);
    if (el.tagName === "IFRAME" && el.hasAttribute("srcdoc")) hits.push("IFRAME srcdoc");
  }
  return hits;
}"""


def picture() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("<img src=x onerror=__xss.push(99)>.png", buffer.getvalue())


def short(n: int) -> str:
    """A payload that fits a short field (names, titles: 80 to 120 characters)."""
    return PAYLOADS[n % len(PAYLOADS)][:80]


@pytest.fixture
def typed_everywhere(transactional_db, alice, erin, ian, live_server, settings):
    """The corpus in every field, written as the administrator, erin and the public would."""
    settings.PODIUM_BASE_URL = live_server.url
    do_update_organisation(alice, {"name": short(0)})
    person = erin.person
    do_update_person(alice, person, {"title": short(3), "bio": ALL})
    for n in range(4, 12):
        do_create_person(alice, {"name": short(n), "title": short(n + 20), "bio": ALL})
    do_update_user(alice, ian, {"full_name": short(31)})
    for network, n in (("mastodon", 6), ("bluesky", 33), ("x", 37), ("linkedin", 40)):
        account(person, network, handle=short(n))
    ChannelAccount.objects.filter(person=person, network="linkedin").update(profile_url="")
    # Policy: a topic, a roster entry and a rule whose words are the payloads, so that compose
    # marks each payload found in the post (<mark>) with the rule's reason.
    topic = policy.do_save_topic(alice, None, {"name": short(41), "description": ALL[:2000]})
    policy.do_save_roster_entry(
        alice,
        None,
        {
            "person": person,
            "networks": ["mastodon", "bluesky", "x", "linkedin"],
            "topics": [topic],
            "starts_on": dt.date(2026, 1, 1),
            "is_mentor": True,
            "mentor_help": short(42),
        },
    )
    policy.do_save_rule(
        alice,
        None,
        {
            "name": short(43),
            "kind": "banned",
            "patterns": "\n".join(p[:300] for p in PAYLOADS),
            "effect": "warn",
            "reason": short(44),
        },
    )
    post = do_create_post(
        ian,
        person,
        ALL,
        {
            "mastodon": {
                "text": ALL[:400],
                "content_warning": short(35),
                "images": [{"file": picture(), "alt_text": ALL[:1500], "part": 0}],
            },
            "bluesky": {"text": short(1)},
            "x": {"text": short(2), "thread": [short(n) for n in range(5)]},
        },
    )
    article = do_save_article(
        erin,
        person,
        {"title": short(12), "summary": short(13), "body": ALL},
    )
    do_publish_article(erin, article)
    for n in range(14, 20):
        do_post_comment(
            article,
            {"name": short(n), "email": "pat@example.org", "text": ALL},
            ip_address=f"192.0.2.{n}",
        )
    return post, article


@pytest.fixture
def trapped(browser: Browser, live_server) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page with the trap, recording dialogs and script errors (CSP violations included).
    Unlike the suite's `page`, an image that fails to load is no error here: `<img src=x>`
    is an allowed image in Markdown, and loading it runs nothing."""
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and errors.append(m.text)
        ),
    )
    yield page, dialogs, errors
    context.close()


def check(page: Page, path: str, dialogs: list[str], errors: list[str]) -> list[str]:
    errors.clear()
    response = page.goto(path)
    problems = []
    if response is None or response.status >= 400:
        problems.append(f"{path}: answered {response and response.status}")
    page.wait_for_load_state("load")
    if ran := page.evaluate("window.__xss"):
        problems.append(f"{path}: payloads ran: {ran}")
    if dialogs:
        problems.append(f"{path}: dialogs opened: {dialogs}")
    if hits := page.evaluate(FOUND):
        problems.append(f"{path}: payloads placed where they would run: {hits[:5]}")
    if "__xss.push(" not in page.inner_text("body"):
        problems.append(f"{path}: shows none of the payloads (as text): nothing was tested")
    if errors:
        problems.append(f"{path}: script errors or CSP violations: {errors[:5]}")
    return problems


def test_the_trap_catches_a_payload_that_runs(trapped):
    page, dialogs, _errors = trapped
    page.goto("/blog/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b onclick=__xss.push(1)>')")
    page.evaluate("alert('x')")
    assert page.evaluate("window.__xss") == ["alert:x"]
    assert dialogs == []  # the hook answered instead
    assert page.evaluate(FOUND) == ["B[onclick=__xss.push(1)]"]


def test_it_runs_no_payload_on_any_page_showing_them(trapped, typed_everywhere, alice, erin):
    page, dialogs, errors = trapped
    post, article = typed_everywhere
    problems = []
    for path in [
        reverse("blog-index"),
        reverse("blog-person", args=[erin.person.slug]),
        article.get_absolute_url(),
    ]:
        problems += check(page, path, dialogs, errors)
    sign_in(page, erin.email, PASSWORD)
    for path in [
        reverse("org-executive-home"),
        reverse("publishing-show-post", args=[post.pk]),
        reverse("publishing-edit-post", args=[post.pk]),
        reverse("publishing-list-posts"),
        reverse("publishing-calendar"),
        reverse("publishing-calendar") + "?view=month",
        reverse("notifications-list-notifications"),
        reverse("blog-list-articles"),
        reverse("blog-edit-article", args=[article.pk]),
        reverse("blog-preview-article", args=[article.pk]),
        reverse("blog-moderate"),
        reverse("channels-list-accounts"),
    ]:
        problems += check(page, path, dialogs, errors)
    page.context.clear_cookies()
    sign_in(page, alice.email, PASSWORD)
    for path in [
        reverse("accounts-admin-home"),
        reverse("accounts-list-users"),
        reverse("org-program-home"),
        reverse("org-list-people"),
        reverse("org-show-person", args=[erin.person.slug]),
        reverse("org-edit-person", args=[erin.person.slug]),
        reverse("governance-list-audit"),
        reverse("org-edit-organisation"),
        reverse("policy-list-rules"),
        reverse("policy-list-topics"),
        reverse("policy-list-roster"),
    ]:
        problems += check(page, path, dialogs, errors)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "link",
    [f"javascript:__xss.push({n})" for n in (1, 2)]
    + [
        "JavaScript:__xss.push(3)",
        "data:text/html,<script>__xss.push(4)</script>",
        " javascript:x",
    ],
)
def test_a_link_that_would_run_is_refused(db, ian, erin, link):
    with pytest.raises(ValidationError):
        do_create_post(
            ian, erin.person, "See this", {"mastodon": {"text": "See this", "link": link}}
        )


def test_it_serves_feeds_and_exports_as_text(client, typed_everywhere, alice, erin):
    """Feeds and exports are read by other programs: markup in them is escaped text."""
    _post, _article = typed_everywhere
    for url in [reverse("blog-company-feed"), reverse("blog-person-feed", args=[erin.person.slug])]:
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml"), url
        assert b"<script>__xss" not in response.content, url
        assert b"<img src=x onerror" not in response.content, url
    client.force_login(alice)
    for fmt in ("csv", "json"):
        response = client.get(reverse("governance-export-audit", args=[fmt]))
        assert not response["Content-Type"].startswith("text/html"), fmt
        assert response["X-Content-Type-Options"] == "nosniff", fmt
