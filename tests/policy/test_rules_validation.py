"""Rules, topics and roster entries are validated when saved: each refusal names the field and
the fix, and nothing is saved (nor audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from podium.governance.models import AuditEntry
from podium.policy.models import RosterEntry, Rule
from tests.policy.building import on_roster, quiet, rule, topic

pytestmark = pytest.mark.django_db


def test_a_broken_regular_expression_is_refused_with_the_reason_and_position(carol):
    with pytest.raises(ValidationError) as refused:
        rule(carol, match=Rule.Match.REGEX, patterns="fine\nwe (expect|forecast")
    message = refused.value.message_dict["patterns"][0]
    assert "Line 2" in message and "missing )" in message and "position 3" in message
    assert not Rule.objects.exists() and not AuditEntry.objects.filter(action__startswith="policy")


def test_an_over_long_pattern_is_refused(carol):
    with pytest.raises(ValidationError, match="keep each to 300"):
        rule(carol, match=Rule.Match.REGEX, patterns="a" * 301)
    assert not Rule.objects.exists()


def test_overlapping_quiet_periods_for_the_same_scope_are_refused_naming_the_other(carol, erin):
    quiet(carol, dt.date(2027, 1, 10), dt.date(2027, 1, 31), name="Q4 results")
    with pytest.raises(ValidationError) as refused:
        quiet(carol, dt.date(2027, 1, 30), dt.date(2027, 2, 5), name="Capital markets day")
    message = refused.value.message_dict["starts_on"][0]
    assert "Q4 results" in message and "2027-01-10 to 2027-01-31" in message
    assert Rule.objects.count() == 1
    # Another scope (erin alone) may overlap the company-wide one.
    quiet(carol, dt.date(2027, 1, 30), dt.date(2027, 2, 5), name="Erin", person=erin.person)
    assert Rule.objects.count() == 2


def test_a_quiet_period_ending_before_it_starts_is_refused(carol):
    with pytest.raises(ValidationError) as refused:
        quiet(carol, dt.date(2027, 2, 1), dt.date(2027, 1, 1))
    assert "before the first" in refused.value.message_dict["ends_on"][0]
    assert not Rule.objects.exists()


def test_a_disclosure_needs_its_topic(carol):
    with pytest.raises(ValidationError) as refused:
        rule(carol, kind=Rule.Kind.DISCLOSURE, patterns="#ad", effect="block")
    assert "topic" in refused.value.message_dict


def test_a_roster_entry_ending_before_it_starts_is_refused(carol, erin):
    with pytest.raises(ValidationError) as refused:
        on_roster(carol, erin.person, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 2, 1))
    assert "before the start" in refused.value.message_dict["ends_on"][0]
    assert not RosterEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="roster")


def test_a_mentor_says_what_they_help_with(carol, erin):
    with pytest.raises(ValidationError) as refused:
        on_roster(carol, erin.person, is_mentor=True, mentor_help="")
    assert "mentor_help" in refused.value.message_dict


def test_changes_are_audited(carol, erin):
    partnerships = topic(carol)
    entry = on_roster(carol, erin.person, topics=[partnerships])
    saved = rule(carol)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"topic.created", "roster.added", "policy_rule.created"} <= actions
    added = AuditEntry.objects.get(action="roster.added")
    assert added.after["topics"] == ["partnerships"] and added.target_id == str(entry.pk)
    assert saved.pk


def test_only_administrators_and_communications_write(arthur, erin):
    with pytest.raises(PermissionDenied):
        rule(arthur)
    with pytest.raises(PermissionDenied):
        topic(erin)
