"""People over the API: who sees whom and who may change what, as in the UI."""

from __future__ import annotations

import pytest

from podium.governance.models import AuditEntry
from podium.org.models import Person


def slugs(response) -> list[str]:
    return [p["slug"] for p in response.json()["items"]]


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur"])
def test_it_lists_everyone_for_the_program_roles(api, request, persona, erin, frank):
    response = api(request.getfixturevalue(persona)).get("/api/people")

    assert response.status_code == 200
    assert slugs(response) == ["erin-executive", "frank-finance"]
    assert response.json()["count"] == 2


def test_it_lists_an_executive_only_themselves(api, erin, frank):
    assert slugs(api(frank).get("/api/people")) == ["frank-finance"]


def test_it_lists_an_assistant_the_executives_they_act_for(api, ian, frank):
    response = api(ian).get("/api/people")

    assert slugs(response) == ["erin-executive"]
    assert response.json()["items"][0]["delegates"] == [
        {
            "user_id": ian.pk,
            "email": "ian@example.com",
            "full_name": "Ian Assistant",
            "kind": "assistant",
        }
    ]


def test_it_filters_and_paginates_people(api, carol, erin, frank):
    client = api(carol)

    assert slugs(client.get("/api/people?q=financial")) == ["frank-finance"]
    page = client.get("/api/people?page=2&page_size=1").json()
    assert [p["slug"] for p in page["items"]] == ["frank-finance"]
    assert (page["count"], page["page"], page["pages"]) == (2, 2, 2)


def test_it_lists_people_in_a_fixed_number_of_queries(
    api, carol, ian, frank, django_assert_max_num_queries
):
    client = api(carol)
    with django_assert_max_num_queries(8):
        client.get("/api/people")


def test_it_shows_a_person(api, ian):
    response = api(ian).get("/api/people/erin-executive")

    assert response.status_code == 200
    assert response.json()["title"] == "Chief Executive Officer"


def test_it_hides_a_person_an_executive_may_not_see(api, erin, frank):
    response = api(frank).get("/api/people/erin-executive")

    assert response.status_code == 404
    assert response.json()["detail"] == "No such person, or not one you may see."


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_it_lets_people_editors_add_a_person(api, request, persona, erin):
    response = api(request.getfixturevalue(persona)).post(
        "/api/people",
        {"name": "Grace Growth", "title": "Chief Marketing Officer", "timezone": "Europe/Paris"},
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "grace-growth"
    assert Person.objects.get(slug="grace-growth").timezone == "Europe/Paris"


@pytest.mark.parametrize("persona", ["arthur", "erin"])
def test_it_refuses_adding_a_person_to_other_roles(api, request, persona):
    response = api(request.getfixturevalue(persona)).post(
        "/api/people", {"name": "Grace Growth", "title": "CMO"}
    )

    assert response.status_code == 403
    assert "Communications manager" in response.json()["detail"]
    assert not Person.objects.filter(name="Grace Growth").exists()


def test_it_links_a_sign_in_to_a_new_person(api, carol, frank):
    frank.person.delete()

    response = api(carol).post(
        "/api/people", {"name": "Frank Finance", "title": "CFO", "user_id": frank.pk}
    )

    assert response.status_code == 201
    assert response.json()["user_id"] == frank.pk


def test_it_names_an_unknown_user_id(api, carol):
    response = api(carol).post("/api/people", {"name": "Grace", "title": "CMO", "user_id": 999})

    assert response.status_code == 422
    assert response.json()["errors"] == {"user_id": "No user has id 999."}


def test_it_refuses_a_sign_in_already_linked_to_someone(api, carol, erin, frank):
    response = api(carol).patch("/api/people/frank-finance", {"user_id": erin.pk})

    assert response.status_code == 422
    assert "user_id" in response.json()["errors"]
    assert Person.objects.get(slug="frank-finance").user == frank


def test_it_rejects_an_unknown_time_zone_and_writes_nothing(api, carol):
    response = api(carol).post(
        "/api/people", {"name": "Grace", "title": "CMO", "timezone": "Mars/Olympus"}
    )

    assert response.status_code == 422
    assert "Europe/London" in response.json()["errors"]["timezone"]
    assert not Person.objects.filter(name="Grace").exists()


def test_it_lets_an_executive_change_their_own_title(api, erin):
    response = api(erin).patch("/api/people/erin-executive", {"title": "Group CEO"})

    assert response.status_code == 200
    assert response.json()["title"] == "Group CEO"
    assert Person.objects.get(slug="erin-executive").title == "Group CEO"


def test_it_lets_an_assistant_change_the_bio_of_whom_they_act_for(api, ian):
    response = api(ian).patch("/api/people/erin-executive", {"bio": "Runs the company."})

    assert response.status_code == 200
    assert Person.objects.get(slug="erin-executive").bio == "Runs the company."


def test_it_keeps_program_fields_for_communications_managers(api, erin):
    response = api(erin).patch("/api/people/erin-executive", {"is_active": False, "bio": "x"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "is_active": "Only a communications manager can change this."
    }
    person = Person.objects.get(slug="erin-executive")
    assert (person.is_active, person.bio) == (True, "")


def test_it_lets_an_approver_read_but_not_change_a_person(api, arthur, erin):
    response = api(arthur).patch("/api/people/erin-executive", {"title": "CEO"})

    assert response.status_code == 403
    assert "ask a communications manager" in response.json()["detail"]


def test_it_hides_a_person_from_an_executive_who_may_not_see_them(api, frank, erin):
    assert api(frank).patch("/api/people/erin-executive", {"title": "x"}).status_code == 404


def test_it_unlinks_a_sign_in_with_null(api, carol, erin):
    response = api(carol).patch("/api/people/erin-executive", {"user_id": None})

    assert response.status_code == 200
    assert Person.objects.get(slug="erin-executive").user is None


def test_it_audits_people_changes_made_through_the_api(api, carol, erin):
    client = api(carol)
    client.post("/api/people", {"name": "Grace Growth", "title": "CMO"})
    client.patch("/api/people/erin-executive", {"title": "Group CEO"})

    entries = AuditEntry.objects.filter(action__startswith="person.").order_by("pk")
    assert [(e.action, e.via, e.actor_label) for e in entries] == [
        ("person.created", "api", "carol@example.com"),
        ("person.updated", "api", "carol@example.com"),
    ]
    assert entries[1].before["title"] == "Chief Executive Officer"
    assert entries[1].after["title"] == "Group CEO"
