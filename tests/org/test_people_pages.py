import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.channels.models import ChannelAccount
from podium.governance import audit
from podium.org.models import Delegation
from tests.org.helpers import add_people

LIST = reverse("org-list-people")


def show(person):
    return reverse("org-show-person", args=[person.slug])


@pytest.mark.parametrize("persona", ["alice", "carol", "arthur"])
def test_readers_see_the_people_list(client, persona, request, erin, ian):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erin Executive" in html
    assert "erin@example.com" in html
    assert "Ian Assistant" in html  # her delegate


def test_only_editors_see_the_add_button(client, arthur, carol, erin):
    client.force_login(arthur)
    assert reverse("org-create-person") not in client.get(LIST).content.decode()
    client.force_login(carol)
    assert reverse("org-create-person") in client.get(LIST).content.decode()


def test_it_searches_by_name_or_title(client, carol, erin, frank):
    client.force_login(carol)
    html = client.get(LIST, {"q": "financial"}).content.decode()
    assert "Frank Finance" in html
    assert "Erin Executive" not in html


def test_executives_are_sent_to_their_own_home(client, erin):
    client.force_login(erin)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("org-executive-home")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_does_not_grow_its_queries_with_rows(client, carol):
    add_people(2, delegate=carol)
    client.force_login(carol)
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    add_people(20, start=2, delegate=carol)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert "Executive 021" in response.content.decode()
    assert len(many) == len(few)


def test_the_detail_shows_profile_delegates_and_accounts(client, carol, erin, ian):
    person = erin.person
    person.bio = "Erin leads the company."
    person.save()
    ChannelAccount.objects.create(
        person=person,
        network="linkedin",
        handle="erin-exec",
        status=ChannelAccount.Status.NEEDS_RECONNECT,
        status_reason="The token expired.",
    )
    audit.record(actor=carol, action="person.updated", target=person)
    client.force_login(carol)
    response = client.get(show(person))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Erin leads the company.",
        "Chief Executive Officer",
        "UTC",
        "erin@example.com",
        "Ian Assistant",
        "Assistant",
        "erin-exec",
        "The token expired.",
        "person.updated",
    ):
        assert text in html, text


def test_an_executive_sees_their_own_detail_but_not_anothers(client, erin, frank):
    client.force_login(erin)
    assert client.get(show(erin.person)).status_code == 200
    assert client.get(show(frank.person)).status_code == 404


def test_an_assistant_sees_the_person_they_act_for(client, ian, frank):
    client.force_login(ian)
    assert client.get(show(ian.delegations.get().person)).status_code == 200
    assert client.get(show(frank.person)).status_code == 404


def test_an_unknown_person_is_a_404(client, carol):
    client.force_login(carol)
    assert client.get(reverse("org-show-person", args=["nobody"])).status_code == 404


def test_the_detail_needs_sign_in(client, erin):
    response = client.get(show(erin.person))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_detail_shows_delegation_kinds(client, carol, erin):
    Delegation.objects.create(person=erin.person, user=carol, kind=Delegation.Kind.COMMS)
    client.force_login(carol)
    assert "Communications" in client.get(show(erin.person)).content.decode()
