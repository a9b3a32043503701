"""GET /l/<code>: a 302 to the stored destination, nothing else; clicks stored in batches."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from podium.links import clicks
from podium.links.actions import do_create_link, do_update_link
from podium.links.models import Click, ShortLink
from tests.links.helpers import BROWSER, store_all


def make(carol, destination="https://example.com/talk?x=1") -> ShortLink:
    return do_create_link(carol, {"destination": destination, "label": "Talk"})


def test_it_redirects_to_the_stored_destination_with_a_click_id(client, carol):
    link = make(carol)

    response = client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == ("https", "example.com", "/talk")
    query = parse_qs(location.query)
    assert query["x"] == ["1"]
    (click_id,) = query["pd"]
    assert response["Referrer-Policy"] == "origin"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies

    assert store_all() == 1
    click = Click.objects.get()
    assert (click.link, click.kind, click.counted, click.click_id) == (
        link,
        Click.Kind.HUMAN,
        True,
        click_id,
    )


def test_a_signed_in_visitor_gets_no_cookie_either(client, carol):
    link = make(carol)
    client.force_login(carol)
    response = client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert not response.cookies


def test_unknown_switched_off_and_malformed_codes_are_404(client, carol):
    link = make(carol)
    do_update_link(carol, link, {"active": False})
    for path in (f"/l/{link.code}", "/l/nosuch1", "/l/%2F%2Fevil.example", "/l/a.b"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Location" not in response
    assert store_all() == 0


def test_a_known_code_is_answered_without_the_database(client, carol, django_assert_num_queries):
    link = make(carol)
    client.get(f"/l/{link.code}")  # the first asks the database and keeps the answer
    with django_assert_num_queries(0):
        assert client.get(f"/l/{link.code}").status_code == 302


def test_a_changed_destination_is_used_at_once(client, carol, django_capture_on_commit_callbacks):
    link = make(carol)
    client.get(f"/l/{link.code}")
    with django_capture_on_commit_callbacks(execute=True):
        do_update_link(carol, link, {"destination": "https://example.org/new"})
    assert client.get(f"/l/{link.code}")["Location"].startswith("https://example.org/new?pd=")


def test_only_get_and_head_are_answered(client, carol):
    link = make(carol)
    assert client.post(f"/l/{link.code}").status_code == 405
    response = client.head(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    store_all()
    assert Click.objects.get().kind == Click.Kind.HEAD_PREFETCH


def test_a_batch_stored_twice_adds_nothing(client, carol, clicks_dir):
    link = make(carol)
    for _ in range(3):
        client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    clicks.close()
    (path,) = clicks_dir.iterdir()
    rows = clicks._read(path)
    assert clicks.store(rows) == 3
    assert clicks.store(rows) == 0  # the worker died before removing the file: read again
    assert store_all() == 0
    assert Click.objects.count() == 3
    assert not list(clicks_dir.iterdir())


def test_a_visitor_counts_once_per_link_per_hour(client, carol, time_machine):
    link, other = make(carol), make(carol, "https://example.com/other")
    time_machine.move_to("2026-06-01 10:00:00Z")
    for _ in range(3):
        client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    client.get(f"/l/{other.code}", HTTP_USER_AGENT=BROWSER)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9")
    store_all()
    time_machine.move_to("2026-06-01 10:59:00Z")
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    store_all()
    time_machine.move_to("2026-06-01 11:01:00Z")
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    store_all()

    assert Click.objects.filter(link=link).count() == 6
    assert Click.objects.filter(link=link, counted=True).count() == 3  # 10:00, the other, 11:01
    assert Click.objects.filter(link=other, counted=True).count() == 1


def test_no_address_is_kept(client, carol, clicks_dir):
    link = make(carol)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.77")
    clicks.close()
    (path,) = clicks_dir.iterdir()
    assert b"198.51.100.77" not in path.read_bytes()
    store_all()
    click = Click.objects.get()
    assert "198.51.100.77" not in str(list(Click.objects.values().get().values()))
    assert len(click.visitor) == 64


def test_the_referrer_is_kept_as_its_origin_only(client, carol):
    link = make(carol)
    client.get(
        f"/l/{link.code}",
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER="https://user:pw@social.example/@erin/123?secret=1",
    )
    store_all()
    assert Click.objects.get().referrer_origin == "https://social.example"


def test_the_worker_takes_only_the_minutes_that_are_over(client, carol, clicks_dir, time_machine):
    link = make(carol)
    time_machine.move_to("2026-06-01 10:00:50Z", tick=False)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    time_machine.move_to("2026-06-01 10:01:10Z", tick=False)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert len(list(clicks_dir.iterdir())) == 2  # a file a minute

    time_machine.move_to("2026-06-01 10:01:20Z", tick=False)
    assert clicks.store_ready() == 0  # 10:00 ended 20 s ago: a late writer may still be at it
    time_machine.move_to("2026-06-01 10:01:40Z", tick=False)
    assert clicks.store_ready() == 1  # 10:00 is stored and removed; 10:01 is still written
    assert [p.name[:12] for p in clicks_dir.iterdir()] == ["202606011001"]
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)  # the open file still takes clicks
    time_machine.move_to("2026-06-01 10:02:31Z", tick=False)
    assert clicks.store_ready() == 2
    assert Click.objects.count() == 3
