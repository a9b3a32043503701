"""People, not machines: a corpus of real user agents and request patterns."""

from __future__ import annotations

from podium.links.actions import do_create_link
from podium.links.classify import classify
from podium.links.models import Click
from tests.links.agents import BROWSERS, CRAWLERS, PREVIEW_FETCHERS, fediverse_burst
from tests.links.helpers import store_all

Kind = Click.Kind


def test_every_browser_is_a_person():
    assert [ua for ua in BROWSERS if classify("GET", ua) != Kind.HUMAN] == []


def test_crawlers_are_bots_and_every_named_preview_fetcher_is_a_preview():
    assert [ua for ua in CRAWLERS if classify("GET", ua) == Kind.HUMAN] == []
    assert [ua for ua in PREVIEW_FETCHERS if classify("GET", ua) != Kind.PREVIEW] == []


def test_head_and_prefetch_requests_are_not_people():
    browser = BROWSERS[0]
    assert classify("HEAD", browser) == Kind.HEAD_PREFETCH
    assert classify("GET", browser, "prefetch") == Kind.HEAD_PREFETCH
    assert classify("GET", browser, "prefetch;prerender") == Kind.HEAD_PREFETCH


def test_all_are_redirected_only_people_counted(client, carol):
    """Machines and people through the redirect and the worker: all are answered 302; at least
    99 % of the machines' requests are left out of the count, and every person is counted."""
    link = do_create_link(carol, {"destination": "https://hotel.example/"})
    url = f"/l/{link.code}"
    machines = [*CRAWLERS, *PREVIEW_FETCHERS, *fediverse_burst(500)]
    answers = []
    for n, agent in enumerate(machines):
        address = f"198.51.{n // 250}.{n % 250}"
        answers.append(client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=address).status_code)
        if n % 5 == 0:  # Mastodon instances ask with HEAD too
            answers.append(client.head(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=address).status_code)
    for n, agent in enumerate(BROWSERS):
        answers.append(
            client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=f"203.0.113.{n}").status_code
        )
        # the browser's own prefetch of the same link: not a second person
        client.get(
            url, HTTP_USER_AGENT=agent, REMOTE_ADDR=f"203.0.113.{n}", HTTP_SEC_PURPOSE="prefetch"
        )

    assert set(answers) == {302}
    stored = store_all()
    machine_clicks = Click.objects.exclude(kind=Kind.HUMAN).count()
    counted = Click.objects.filter(counted=True).count()
    assert stored == len(answers) + len(BROWSERS)
    assert machine_clicks == stored - len(BROWSERS)  # the HEADs and prefetches too
    assert counted == len(BROWSERS)  # every person, and no machine
    wrongly_counted = Click.objects.filter(counted=True).exclude(kind=Kind.HUMAN).count()
    assert wrongly_counted <= 0.01 * machine_clicks
