"""The audit log over the API: the audit page's readers and filters."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from podium.governance import audit


@pytest.fixture
def history(alice, carol, erin):
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)):
        audit.record(actor=alice, action="user.created", target=carol)
    with time_machine.travel(dt.datetime(2025, 3, 5, 9, tzinfo=dt.UTC)):
        audit.record(actor=carol, action="person.updated", target=erin.person)
    with time_machine.travel(dt.datetime(2025, 3, 9, 9, tzinfo=dt.UTC)):
        audit.record(actor=None, action="organisation.updated", target_label="Meridian Hotels")


def actions(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [e["action"] for e in response.json()["items"]]


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur"])
def test_it_lists_entries_newest_first_for_audit_readers(api, request, persona, history):
    listed = actions(api(request.getfixturevalue(persona)).get("/api/audit"))

    # The reader's own token (created now, for the test) comes first: it is the newest.
    assert listed == ["token.created", "organisation.updated", "person.updated", "user.created"]


def test_it_refuses_the_audit_log_to_executives(api, erin, history):
    response = api(erin).get("/api/audit")

    assert response.status_code == 403
    assert "Reading the audit log" in response.json()["detail"]


def test_it_filters_like_the_audit_page(api, arthur, history):
    client = api(arthur)

    assert actions(client.get("/api/audit?actor=carol")) == ["person.updated"]
    assert actions(client.get("/api/audit?action=user.created")) == ["user.created"]
    assert actions(client.get("/api/audit?target_type=org.person")) == ["person.updated"]
    assert actions(client.get("/api/audit?date_from=2025-03-02&date_to=2025-03-08")) == [
        "person.updated"
    ]
    assert actions(client.get("/api/audit?q=Erin")) == ["person.updated"]


def test_it_shows_what_changed(api, alice, carol):
    api(alice).patch(f"/api/users/{carol.pk}", {"full_name": "Carol C"})

    entry = api(alice).get("/api/audit?action=user.updated").json()["items"][0]

    assert entry["via"] == "api"
    assert entry["changes"] == [{"field": "full_name", "before": "Carol Comms", "after": "Carol C"}]


def test_it_paginates(api, arthur, history):
    page = api(arthur).get("/api/audit?page_size=2&page=2&q=e").json()

    assert (page["count"], page["page"], page["pages"]) == (3, 2, 2)
    assert len(page["items"]) == 1


def test_it_explains_a_date_range_the_wrong_way_round(api, arthur):
    response = api(arthur).get("/api/audit?date_from=2025-03-08&date_to=2025-03-02")

    assert response.status_code == 422
    assert "date_to" in response.json()["errors"]


def test_it_explains_a_malformed_date(api, arthur):
    response = api(arthur).get("/api/audit?date_from=31/03/2025")

    assert response.status_code == 422
    assert response.json()["errors"] == {"date_from": "Send a date such as 2025-01-31."}
