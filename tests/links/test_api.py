"""The Links API: the same links, checks and permissions as the pages."""

from __future__ import annotations

import pytest

from podium.links.actions import do_create_link
from podium.links.models import Click, ShortLink
from tests.links.helpers import BROWSER, store_all

pytestmark = pytest.mark.django_db


def test_comms_makes_lists_and_changes_links(api, carol):
    client = api(carol)
    made = client.post("/api/links", {"destination": "https://hotel.example/talk", "label": "Talk"})
    assert made.status_code == 201
    body = made.json()
    assert body["short_url"].endswith(f"/l/{body['code']}")
    assert (body["destination"], body["label"], body["active"], body["people"]) == (
        "https://hotel.example/talk",
        "Talk",
        True,
        0,
    )

    listed = client.get("/api/links?by_hand=true").json()
    assert [item["code"] for item in listed["items"]] == [body["code"]]

    changed = client.patch(f"/api/links/{body['id']}", {"active": False})
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert ShortLink.objects.get().active is False


def test_a_bad_destination_is_refused_naming_the_field(api, carol):
    response = api(carol).post("/api/links", {"destination": "javascript:alert(1)"})
    assert response.status_code == 422
    body = response.json()
    assert "destination" in body["errors"]
    assert "http://" in body["errors"]["destination"]
    assert not ShortLink.objects.exists()


def test_a_links_clicks_are_listed_without_addresses(api, carol, client):
    link = do_create_link(carol, {"destination": "https://hotel.example/"})
    client.get(f"/l/{link.code}", HTTP_USER_AGENT=BROWSER)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT="Twitterbot/1.0")
    store_all()
    items = api(carol).get(f"/api/links/{link.pk}/clicks").json()["items"]
    assert sorted((i["kind"], i["counted"]) for i in items) == [
        ("human", True),
        ("preview", False),
    ]
    assert {i["click_id"] for i in items} == set(Click.objects.values_list("click_id", flat=True))
    assert "visitor" not in items[0]


def test_other_roles_are_refused(api, erin, arthur):
    link = ShortLink.objects.create(destination="https://hotel.example/")
    for user in (erin, arthur):
        assert api(user).get("/api/links").status_code == 403
        assert api(user).get(f"/api/links/{link.pk}/clicks").status_code == 403
        assert api(user).post("/api/links", {"destination": "https://a.example"}).status_code == 403
