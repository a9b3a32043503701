"""Which audit entries to show: one query builder for the audit page, its exports and the API.

`filter_entries(params)` takes GET-style parameters (a QueryDict, a dict, or an `AuditFilters`)
and returns a QuerySet, or raises ValidationError naming each bad parameter and its fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from podium.governance.localtime import org_zone, start_of_day
from podium.governance.models import AuditEntry
from podium.lib.forms import day_field

# Actions an approver cares about on their home page: who may do what, and to whom.
GOVERNANCE_ACTION_PREFIXES = (
    "approval.",
    "policy.",
    "organisation.",
    "person.",
    "user.",
    "token.",
)

# Recorded for security reviews, but too frequent to show in "recent activity" summaries.
ROUTINE_ACTIONS = (
    "user.signed_in",
    "user.sign_in_failed",
    "user.sign_in_failed_unknown",
    "user.two_factor_failed",
)


@dataclass(frozen=True)
class AuditFilters:
    """Validated filters; empty strings and None mean "any"."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


class AuditFilterForm(forms.Form):
    """Parses and checks the filters; its errors say what is wrong and how to fix it."""

    actor = forms.CharField(
        required=False,
        max_length=254,
        label="Who",
        help_text="Part of an email address, or Podium for the system itself.",
    )
    action = forms.CharField(
        required=False,
        max_length=64,
        label="Action",
        help_text="e.g. person.updated, or person to match every person action.",
    )
    target_type = forms.CharField(required=False, max_length=64, label="Object type")
    target_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    date_from = day_field("From", "The start date")
    date_to = day_field("To", "The end date")
    q = forms.CharField(
        required=False, max_length=200, label="Search", help_text="Words in the object's name."
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                f"The end date ({end:%Y-%m-%d}) is before the start date ({start:%Y-%m-%d}): "
                "swap them or widen the range.",
            )
        return cleaned

    def filters(self) -> AuditFilters:
        """The validated filters (call after is_valid())."""
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            action=data["action"].strip(),
            target_type=data["target_type"].strip(),
            target_id=data["target_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
            q=data["q"].strip(),
        )


def parse_filters(params: Mapping[str, Any]) -> AuditFilters:
    form = AuditFilterForm(params)
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    return form.filters()


def filter_entries(params: Mapping[str, Any] | AuditFilters) -> QuerySet[AuditEntry]:
    """Audit entries matching `params`, newest first."""
    f = params if isinstance(params, AuditFilters) else parse_filters(params)
    entries = AuditEntry.objects.all()
    if f.actor:
        if f.actor.lower() == "podium":
            entries = entries.filter(actor_id__isnull=True)
        else:
            entries = entries.filter(actor_label__icontains=f.actor)
    if f.action:
        # "person" or "person." match every person action; "person.updated" matches itself.
        if "." in f.action.rstrip("."):
            entries = entries.filter(action=f.action)
        else:
            entries = entries.filter(action__startswith=f.action.rstrip(".") + ".")
    if f.target_type:
        entries = entries.filter(target_type=f.target_type)
    if f.target_id:
        entries = entries.filter(target_id=f.target_id)
    # Whole days in the organisation's time zone, as the page shows times; bounds keep the
    # index usable.
    if f.date_from or f.date_to:
        zone = org_zone()
        if f.date_from:
            entries = entries.filter(at__gte=start_of_day(f.date_from, zone))
        if f.date_to:
            entries = entries.filter(at__lt=start_of_day(f.date_to + dt.timedelta(days=1), zone))
    if f.q:
        entries = entries.filter(target_label__icontains=f.q)
    return entries


def notable_entries() -> QuerySet[AuditEntry]:
    """Everything but routine sign-in events: what a "recent activity" card shows."""
    return AuditEntry.objects.exclude(action__in=ROUTINE_ACTIONS)


def governance_entries() -> QuerySet[AuditEntry]:
    """Entries about who may do what: people, users, tokens, the organisation, approvals."""
    by_prefix = Q()
    for prefix in GOVERNANCE_ACTION_PREFIXES:
        by_prefix |= Q(action__startswith=prefix)
    return notable_entries().filter(by_prefix)
