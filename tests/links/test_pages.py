"""The links pages: the list, making and editing a link by hand, a link's page, privacy."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.links.actions import do_create_link
from podium.links.models import Click, ShortLink


def test_comms_makes_a_link_by_hand(client, carol):
    client.force_login(carol)
    response = client.post(
        "/links/new/",
        {"destination": "https://hotel.example/talk", "label": "Keynote slides", "active": "on"},
    )
    link = ShortLink.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/links/{link.pk}/"
    assert (link.destination, link.label, link.active, link.created_by) == (
        "https://hotel.example/talk",
        "Keynote slides",
        True,
        carol,
    )
    assert AuditEntry.objects.filter(action="link.created", target_id=str(link.pk)).exists()
    page = client.get("/links/").content.decode()
    assert "Keynote slides" in page and link.short_url() in page


def test_a_destination_that_is_not_a_web_address_is_refused_and_kept(client, carol):
    client.force_login(carol)
    for bad in ("javascript:alert(1)", "ftp://files.example/a", "//evil.example", "hotel.example"):
        response = client.post("/links/new/", {"destination": bad, "label": "Mine"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "starting with http:// or https://" in page, bad
        assert 'value="Mine"' in page
    assert not ShortLink.objects.exists()


def test_editing_a_link_changes_it_and_is_audited(client, carol):
    link = do_create_link(carol, {"destination": "https://hotel.example/a"})
    client.force_login(carol)
    response = client.post(
        f"/links/{link.pk}/edit/", {"destination": "https://hotel.example/b", "label": "B"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.destination, link.label, link.active) == ("https://hotel.example/b", "B", False)
    entry = AuditEntry.objects.get(action="link.updated")
    assert entry.before["destination"] == "https://hotel.example/a"
    assert entry.after["destination"] == "https://hotel.example/b"


def test_a_links_page_shows_people_beside_machines(client, carol):
    link = do_create_link(carol, {"destination": "https://hotel.example/a", "label": "Launch"})
    now = timezone.now()
    kinds = [("human", True, "https://social.example")] * 3 + [("human", False, "")]
    kinds += [("bot", False, "")] * 2 + [("preview", False, "")] * 40
    Click.objects.bulk_create(
        Click(
            link=link,
            at=now - dt.timedelta(days=7 * (n % 3)),
            kind=kind,
            counted=counted,
            visitor=f"{n:064d}",
            referrer_origin=origin,
            click_id=f"c{n}",
        )
        for n, (kind, counted, origin) in enumerate(kinds)
    )
    client.force_login(carol)
    page = client.get(f"/links/{link.pk}/").content.decode()
    assert "<svg" in page
    assert ">3</div>" in page  # people
    assert ">40</div>" in page  # link previews
    assert "https://social.example" in page


def test_other_roles_do_not_see_links(client, erin, arthur):
    link = do_create_link_as_comms()
    for user in (erin, arthur):
        client.force_login(user)
        assert client.get("/links/").status_code == 403
        assert client.get(f"/links/{link.pk}/").status_code == 403


def do_create_link_as_comms() -> ShortLink:
    return ShortLink.objects.create(destination="https://hotel.example/")


def test_the_privacy_page_is_public_and_says_what_is_kept(client, db):
    page = client.get("/privacy/links/").content.decode()
    assert "We do not keep your IP address" in page
    assert "No cookie is set" in page
    assert "changes every day" in page


def test_the_posts_page_lists_its_short_links_for_comms(client, carol, erin):
    from tests.publishing.fakes import make_publication

    publication = make_publication(erin.person, text="Read https://hotel.example/a")
    link = ShortLink.objects.create(
        destination="https://hotel.example/a?utm_source=mastodon",
        source_url="https://hotel.example/a",
        publication=publication,
        post=publication.post,
        person=erin.person,
        network="mastodon",
    )
    client.force_login(carol)
    page = client.get(f"/posts/{publication.post_id}/").content.decode()
    assert f'href="/links/{link.pk}/"' in page
    client.force_login(erin)
    page = client.get(f"/posts/{publication.post_id}/").content.decode()
    assert "/links/" not in page  # erin may not open the links pages: no link to them
