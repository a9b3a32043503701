import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.governance import audit
from podium.org.models import Person

URL = reverse("governance-list-audit")


@pytest.fixture
def history(alice, carol, erin):
    """Three entries on three days, by three actors."""
    person = erin.person
    with time_machine.travel(dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        audit.record(actor=alice, action="user.created", target=carol, after={"role": "comms"})
    with time_machine.travel(dt.datetime(2025, 3, 2, 10, tzinfo=dt.UTC), tick=False):
        audit.record(
            actor=carol,
            action="person.updated",
            target=person,
            before={"title": "CEO", "bio": ""},
            after={"title": "Chair", "bio": ""},
        )
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC), tick=False):
        audit.record(actor=None, action="system.heartbeat_missed", target_label="worker-1")
    return person


def rows(response):
    return response.context["page"].object_list


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur"])
def test_readers_browse_the_log_newest_first(client, persona, request, history):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert [e.action for e in rows(response)] == [
        "system.heartbeat_missed",
        "person.updated",
        "user.created",
    ]
    assert "3 entries" in response.content.decode()


def test_each_entry_expands_to_its_before_and_after(client, carol, history):
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert '<code class="audit-before">CEO</code>' in html
    assert '<code class="audit-after">Chair</code>' in html
    assert 'data-bs-toggle="collapse"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "carol@"}, ["person.updated"]),
        ({"actor": "podium"}, ["system.heartbeat_missed"]),
        ({"action": "person.updated"}, ["person.updated"]),
        ({"action": "user"}, ["user.created"]),
        ({"target_type": "org.person"}, ["person.updated"]),
        ({"q": "erin"}, ["person.updated"]),
        ({"date_from": "2025-03-02"}, ["system.heartbeat_missed", "person.updated"]),
        ({"date_to": "2025-03-01"}, ["user.created"]),
        ({"date_from": "2025-03-02", "date_to": "2025-03-02"}, ["person.updated"]),
    ],
)
def test_it_filters(client, carol, history, params, expected):
    client.force_login(carol)
    response = client.get(URL, params)
    assert [e.action for e in rows(response)] == expected


def test_filters_are_kept_in_the_form(client, carol, history):
    client.force_login(carol)
    html = client.get(URL, {"actor": "carol@", "date_from": "2025-03-02"}).content.decode()
    assert 'value="carol@"' in html
    assert 'value="2025-03-02"' in html
    assert "1 entry matches" in html


def test_a_person_history_link_filters_by_object(client, carol, history):
    client.force_login(carol)
    response = client.get(URL, {"target_type": "org.person", "target_id": str(history.pk)})
    assert [e.action for e in rows(response)] == ["person.updated"]


def test_a_malformed_date_is_explained_not_a_server_error(client, carol, history):
    client.force_login(carol)
    response = client.get(URL, {"date_from": "31/03/2025", "actor": "carol"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The start date is not a date. Use a date like 2025-03-31" in html
    assert 'value="31/03/2025"' in html
    assert 'value="carol"' in html
    assert list(rows(response)) == []


def test_a_reversed_date_range_is_explained(client, carol, history):
    client.force_login(carol)
    html = client.get(URL, {"date_from": "2025-03-05", "date_to": "2025-03-01"}).content.decode()
    assert "is before the start date" in html


def test_it_pages_by_fifty(client, carol, erin):
    for n in range(120):
        audit.record(actor=carol, action="person.updated", target=erin.person, after={"n": n})
    client.force_login(carol)
    first = client.get(URL, {"action": "person"})
    assert len(rows(first)) == 50
    assert "Showing 1\u201350 of 120" in first.content.decode()
    last = client.get(URL, {"action": "person", "page": 3})
    assert len(rows(last)) == 20
    assert "action=person&amp;page=2" in last.content.decode()


def test_the_page_does_not_grow_its_queries_with_rows(client, carol, erin):
    audit.record(actor=carol, action="person.updated", target=erin.person)
    client.force_login(carol)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(60):
        person = Person.objects.create(name=f"Person {n}", title="VP")
        audit.record(actor=carol, action="person.created", target=person, after={"n": n})
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_an_executive_is_refused(client, erin):
    client.force_login(erin)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
