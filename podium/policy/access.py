"""Permission-checked reads of policy's data: anything not found is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from podium.policy.models import Finding, RosterEntry, Rule, Topic


def access_topic(pk: int) -> Topic:
    return get_object_or_404(Topic, pk=pk)


def access_rule(pk: int) -> Rule:
    return get_object_or_404(Rule.objects.select_related("topic", "person"), pk=pk)


def access_roster_entry(pk: int) -> RosterEntry:
    return get_object_or_404(RosterEntry.objects.select_related("person"), pk=pk)


def access_finding(pk: int) -> Finding:
    return get_object_or_404(Finding.objects.select_related("revision__post"), pk=pk)
