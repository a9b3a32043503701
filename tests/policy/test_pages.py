"""Policy's pages: a refused rule keeps what was typed and says why; the roster shows mentors,
and a person's page where they may speak; the sidebar links only the pages a role may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.policy.models import RosterEntry, Rule
from tests.conftest import PASSWORD
from tests.policy.building import on_roster, rule, topic

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_a_broken_expression_on_the_page_keeps_what_was_typed(client, carol):
    response = signed_in(client, carol).post(
        reverse("policy-create-rule"),
        {
            "name": "Claims",
            "kind": "legal",
            "match": "regex",
            "patterns": "we expect\n(will grow",
            "effect": "step",
            "reason": "Legal reads forward-looking claims.",
            "is_active": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Line 2 is not a valid regular expression" in body and "position 0" in body
    assert "(will grow" in body and "Legal reads forward-looking claims." in body
    assert not Rule.objects.exists()


def test_the_rules_page_lists_rules_and_only_editors_see_edit(client, carol, arthur):
    saved = rule(carol)
    assert "Edit" in signed_in(client, carol).get(reverse("policy-list-rules")).content.decode()
    client.logout()
    body = signed_in(client, arthur).get(reverse("policy-list-rules")).content.decode()
    assert saved.reason in body and reverse("policy-edit-rule", args=[saved.pk]) not in body


def test_the_roster_shows_mentors_and_the_persons_page_where_they_speak(client, carol, erin):
    culture = topic(carol, "Culture")
    on_roster(carol, erin.person, topics=[culture], is_mentor=True, mentor_help="Writing well.")
    client = signed_in(client, erin)
    roster = client.get(reverse("policy-list-roster")).content.decode()
    assert "Mentors: ask them" in roster and "Writing well." in roster
    person = client.get(reverse("org-show-person", args=[erin.person.slug])).content.decode()
    assert "Speaks for the organisation" in person and "Culture" in person


def test_the_sidebar_links_policy_to_its_readers_only(client, arthur, erin):
    assert 'href="/policy/"' in signed_in(client, arthur).get("/policy/").content.decode()
    client.logout()
    body = signed_in(client, erin).get(reverse("policy-list-roster")).content.decode()
    assert 'href="/policy/"' not in body and 'href="/roster/"' in body


def test_the_roster_links_only_the_people_pages_its_reader_may_open(client, carol, erin, frank):
    on_roster(carol, erin.person)
    on_roster(carol, frank.person)
    body = signed_in(client, erin).get(reverse("policy-list-roster")).content.decode()
    assert reverse("org-show-person", args=[erin.person.slug]) in body
    assert reverse("org-show-person", args=[frank.person.slug]) not in body
    assert "Frank Finance" in body


def test_a_roster_end_before_its_start_is_said_on_the_page_keeping_what_was_typed(
    client, carol, erin
):
    response = signed_in(client, carol).post(
        reverse("policy-create-roster-entry"),
        {
            "person": erin.person.pk,
            "networks": ["x"],
            "starts_on": "2027-03-01",
            "ends_on": "2027-02-01",
            "mentor_help": "Writing about results",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The end (2027-02-01) is before the start (2027-03-01)" in body
    assert 'value="2027-02-01"' in body and "Writing about results" in body
    assert not RosterEntry.objects.exists()
