"""Open redirects: every parameter that says where to go next keeps the visitor on Podium.

The parameters were found by looking for `next`, `redirect(` and `url_has_allowed_host_and_scheme`
in podium/: allauth's sign-in, sign-out and re-authentication (`next`), the notification,
reminder and approval buttons (`next`), comment moderation (`next`), and the OAuth callbacks
(`state`, which names a flow kept in the session, never an address). Podium has no language
or time zone switch that redirects. Each is tried with every form of CORPUS.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.security.conftest import World

HOST = "testserver"
CORPUS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "//evil.example/%2F..",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http:\\\\evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    "/%09/evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "\n//evil.example",
    " //evil.example",
    "//evil.example\n/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript://%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://testserver@evil.example/",
    "https://testserver:443@evil.example/",
    "https://evil.example\\@testserver/",
    "https://evil.example#@testserver/",
    "https://evil.example?@testserver/",
    "//testserver@evil.example",
    "https://testserver.evil.example/",
    "https://evil.example/testserver/",
    "https://evil。example/",
    "//evil%E3%80%82example",
    "https://\uff45\uff56\uff49\uff4c.example/",  # full-width letters
    "https://evil.example%00.testserver/",
    "/.//evil.example",
    "ftp://evil.example/",
]


def on_this_site(location: str) -> bool:
    """What a browser would open stays here: a path (relative ones too: `%2F%2Fevil.example`
    is a page below the current one), or an absolute URL to this host."""
    if any(ch in location for ch in "\t\r\n\\") or location != location.strip():
        return False
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == HOST
    return not location.startswith("//")


def check_corpus(send, honoured: str | None = "/blog/") -> list[str]:
    """send(target) -> the response; every target must land on this site. `honoured`, a path
    on this site, must be followed: otherwise the parameter is ignored and the check is empty."""
    problems = []
    if honoured is not None:
        location = send(honoured).get("Location", "")
        parts = urlsplit(location)
        if parts.path + (f"?{parts.query}" if parts.query else "") != honoured:
            problems.append(f"{honoured!r} (on this site) was not followed: went to {location!r}")
    for target in CORPUS:
        response = send(target)
        location = response.get("Location")
        if response.status_code >= 500:
            problems.append(f"{target!r}: answered {response.status_code}")
        elif location is not None and not on_this_site(location):
            problems.append(f"{target!r}: redirected to {location!r}")
    return problems


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_it_keeps_sign_in_on_this_site(erin):
    def send(target: str):
        client = Client(raise_request_exception=False)
        url = f"{reverse('account_login')}?next={target}"
        return client.post(url, {"login": erin.email, "password": PASSWORD, "next": target})

    problems = check_corpus(send)
    assert not problems, "POST /accounts/login/ (next):\n" + "\n".join(problems)


def test_it_keeps_a_signed_in_visit_to_the_sign_in_page_on_this_site(erin):
    client = signed_in(erin)
    problems = check_corpus(lambda t: client.get(reverse("account_login"), {"next": t}))
    assert not problems, "GET /accounts/login/ signed in (next):\n" + "\n".join(problems)


def test_it_keeps_sign_out_on_this_site(erin):
    problems = check_corpus(lambda t: signed_in(erin).post(reverse("account_logout"), {"next": t}))
    assert not problems, "POST /accounts/logout/ (next):\n" + "\n".join(problems)


def test_it_keeps_re_authentication_on_this_site(erin):
    client = signed_in(erin)

    def send(target: str):
        url = f"{reverse('account_reauthenticate')}?next={target}"
        return client.post(url, {"password": PASSWORD, "next": target})

    problems = check_corpus(send)
    assert not problems, "POST /accounts/reauthenticate/ (next):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    [
        "notifications-read-notification",
        "notifications-read-all-notifications",
        "publishing-dismiss-nudge",
        "governance-approve-waiting-post",
        "blog-moderate-comment",
    ],
)
def test_it_keeps_the_buttons_return_on_this_site(name, world: World):
    erin = world.user("executive")
    kwargs = {
        "notifications-read-notification": {"pk": world.notification.pk},
        "publishing-dismiss-nudge": {"pk": world.notification.pk},
        "governance-approve-waiting-post": {"pk": world.waiting_post.latest_revision.pk},
        "blog-moderate-comment": {"pk": world.comment.pk},
    }.get(name)
    url = reverse(name, kwargs=kwargs)
    client = signed_in(erin)
    data = {"on": "1", "decision": "approved"}
    honoured = "/blog/moderate/?status=spam" if name == "blog-moderate-comment" else "/blog/"
    problems = check_corpus(lambda t: client.post(url, {**data, "next": t}), honoured)
    assert not problems, f"POST {url} (next):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    [
        "channels-mastodon-callback",
        "channels-connect-linkedin-callback",
        "channels-connect-x-callback",
    ],
)
def test_it_keeps_oauth_callbacks_on_this_site(name, erin, settings):
    settings.LINKEDIN_CLIENT_ID = settings.X_CLIENT_ID = "redirects-client"
    settings.LINKEDIN_CLIENT_SECRET = settings.X_CLIENT_SECRET = "redirects-secret"
    client = signed_in(erin)
    url = reverse(name)
    problems = check_corpus(
        lambda t: client.get(url, {"state": t, "code": "x", "next": t}), honoured=None
    )
    assert not problems, f"GET {url} (state, next):\n" + "\n".join(problems)
