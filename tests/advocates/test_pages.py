"""The Advocates pages: who reaches them, what each shows, and merging and splitting people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from podium.advocates.models import Advocate, MatchSuggestion, RemoteAccount
from podium.governance.models import AuditEntry
from tests.advocates.helpers import actor, advocate_of, engage

pytestmark = pytest.mark.django_db


@pytest.fixture
def fans(erin, frank):
    nadia = actor("Nadia Share", handle="@nadia@social.example")
    engage(nadia, erin.person, "repost")
    nadia_x = actor("Nadia S.", network="x", handle="@nadia_s")
    engage(nadia_x, erin.person, "like")
    fay = actor("Fay Frank")
    engage(fay, frank.person, "like", days_ago=3)
    return {"nadia": nadia, "nadia_x": nadia_x, "fay": fay}


def test_comms_sees_everyone_ranked_with_the_inputs(client, carol, fans):
    client.force_login(carol)

    page = client.get("/advocates/").content.decode()

    assert page.index("Nadia Share") < page.index("Nadia S.") < page.rfind("Fay Frank")
    assert "1 repost, last 90 days (6)" in page
    assert "Import engagement" in page


def test_an_executive_sees_only_those_who_engaged_with_them(client, frank, fans):
    client.force_login(frank)

    page = client.get("/advocates/").content.decode()

    assert "Fay Frank" in page and "Nadia" not in page
    assert "Import engagement" not in page
    nadia = advocate_of(fans["nadia"])
    assert client.get(f"/advocates/{nadia.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["/advocates/", "/advocates/import/", "/advocates/matches/"])
def test_an_approver_may_not_open_them(client, arthur, fans, path):
    client.force_login(arthur)

    assert client.get(path).status_code in (403, 404)


def test_the_list_does_not_grow_in_queries_with_advocates(client, carol, erin, fans):
    client.force_login(carol)
    with CaptureQueriesContext(connection) as few:
        client.get("/advocates/")
    for n in range(20):
        engage(actor(f"Extra {n}"), erin.person, "like")
    with CaptureQueriesContext(connection) as many:
        client.get("/advocates/")

    assert len(many) == len(few)


def test_an_advocate_page_shows_accounts_events_and_the_sum(client, carol, fans):
    client.force_login(carol)
    nadia = advocate_of(fans["nadia"])

    page = client.get(f"/advocates/{nadia.pk}/").content.decode()

    assert "@nadia@social.example" in page and "Repost" in page and "Erin Executive" in page
    assert "Total" in page and ">6<" in page


def test_comms_merges_by_handle_and_splits_again(client, carol, fans):
    client.force_login(carol)
    nadia, nadia_x = advocate_of(fans["nadia"]), advocate_of(fans["nadia_x"])

    response = client.post(f"/advocates/{nadia.pk}/merge/", {"other": "@nadia_s"})

    assert response.status_code == 302
    assert not Advocate.objects.filter(pk=nadia_x.pk).exists()
    assert set(nadia.accounts.values_list("network", flat=True)) == {"mastodon", "x"}
    assert AuditEntry.objects.filter(action="advocates.advocate_merged").count() == 1
    page = client.get(f"/advocates/{nadia.pk}/").content.decode()
    assert "Split off" in page and ">8<" in page  # 3 x 2 for the repost, 1 x 2 for the like

    account = RemoteAccount.objects.get(network="x")
    response = client.post(f"/advocates/{nadia.pk}/accounts/{account.pk}/split/")

    account.refresh_from_db()
    assert account.advocate_id != nadia.pk
    assert response["Location"] == f"/advocates/{account.advocate_id}/"
    assert AuditEntry.objects.filter(action="advocates.account_split").count() == 1


def test_merging_someone_with_themselves_is_refused(client, carol, fans):
    client.force_login(carol)
    nadia = advocate_of(fans["nadia"])

    page = client.post(f"/advocates/{nadia.pk}/merge/", {"other": str(nadia.pk)})

    assert page.status_code == 200
    assert "That is this advocate" in page.content.decode()
    assert not AuditEntry.objects.filter(action="advocates.advocate_merged").exists()


def test_an_unknown_handle_is_named(client, carol, fans):
    client.force_login(carol)
    nadia = advocate_of(fans["nadia"])

    page = client.post(f"/advocates/{nadia.pk}/merge/", {"other": "@nobody"}).content.decode()

    assert "No other advocate has the handle" in page and 'value="@nobody"' in page


def test_an_executive_may_not_merge(client, erin, fans):
    client.force_login(erin)
    nadia, nadia_x = advocate_of(fans["nadia"]), advocate_of(fans["nadia_x"])

    response = client.post(f"/advocates/{nadia.pk}/merge/", {"other": str(nadia_x.pk)})

    assert response.status_code in (403, 404)
    assert Advocate.objects.filter(pk=nadia_x.pk).exists()


def test_a_suggestion_is_confirmed_or_dismissed(client, carol, fans):
    first = RemoteAccount.objects.get(network="mastodon", display_name="Nadia Share")
    second = RemoteAccount.objects.get(network="x")
    third = RemoteAccount.objects.get(display_name="Fay Frank")
    confirm = MatchSuggestion.objects.create(
        first=first, second=second, reason=MatchSuggestion.Reason.VERIFIED_LINK
    )
    dismiss = MatchSuggestion.objects.create(
        first=first, second=third, reason=MatchSuggestion.Reason.SAME_NAME_AND_LINK
    )
    client.force_login(carol)
    assert "Nadia S." in client.get("/advocates/matches/").content.decode()

    client.post(f"/advocates/matches/{confirm.pk}/decide/", {"decision": "confirm"})
    client.post(f"/advocates/matches/{dismiss.pk}/decide/", {"decision": "dismiss"})

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.advocate_id == first.advocate_id != third.advocate_id
    assert {s.state for s in MatchSuggestion.objects.all()} == {"confirmed", "dismissed"}
    assert AuditEntry.objects.filter(action="advocates.match_dismissed").exists()


def test_the_executive_home_shows_their_own_best_advocates(client, erin, fans):
    client.force_login(erin)

    page = client.get("/me/").content.decode()

    assert "Your advocates" in page
    assert "Nadia Share" in page and "6 points" in page and "Fay Frank" not in page
    assert "2 people engaged with you in the last year." in page


def test_comms_sees_one_executives_leaderboard(client, carol, frank, fans):
    client.force_login(carol)

    page = client.get("/advocates/", {"executive": frank.person.slug}).content.decode()

    assert "Fay Frank" in page and "Nadia" not in page
    assert "The people who engage with Frank Finance" in page
    everyone = client.get("/advocates/", {"executive": "no-such-person"}).content.decode()
    assert "Fay Frank" in everyone and "Nadia Share" in everyone


def test_an_executive_cannot_choose_another_executives_board(client, frank, erin, fans):
    client.force_login(frank)

    page = client.get("/advocates/", {"executive": erin.person.slug}).content.decode()

    assert "Nadia" not in page and "Fay Frank" in page
