"""API for the audit log: the same entries and filters as the audit page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import JsonValue

from podium.accounts.api_auth import actor, require_role
from podium.accounts.roles import AUDIT_READERS
from podium.governance.filters import filter_entries
from podium.governance.models import AuditEntry
from podium.lib.api import (
    Day,
    FiltersIn,
    Page,
    PageIn,
    error_responses,
    paginate,
)

router = Router(tags=["Audit log"])


class ChangeOut(Schema):
    field: str
    before: JsonValue
    after: JsonValue


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime = Field(description="When, in UTC (ISO 8601).")
    actor_id: int | None = Field(description="The user who acted; null for Podium itself.")
    actor_label: str
    action: str = Field(description="e.g. person.updated")
    target_type: str = Field(description="e.g. org.person")
    target_id: str
    target_label: str
    before: dict[str, JsonValue] | None
    after: dict[str, JsonValue] | None
    changes: list[ChangeOut] = Field(description="The fields whose value changed.")
    via: AuditEntry.Via
    ip_address: str | None
    previous_hash: str = Field(description="SHA-256 of the entry before this one (hex).")
    hash: str = Field(
        description="SHA-256 of this entry's content with previous_hash: the audit chain."
    )

    @staticmethod
    def resolve_changes(entry: AuditEntry) -> list[dict[str, object]]:
        return [{"field": f, "before": b, "after": a} for f, b, a in entry.changes]


class AuditFilters(FiltersIn):
    """The audit page's filters (podium.governance.filters), typed."""

    actor: str = Field(
        "", max_length=254, description="Part of an email address, or Podium for the system."
    )
    action: str = Field(
        "", max_length=64, description="e.g. person.updated, or person for every person action."
    )
    target_type: str = Field("", max_length=64, description="e.g. org.person")
    target_id: str = Field("", max_length=64, description="With target_type: one object.")
    date_from: Day | None = Field(
        None, description="From this day (inclusive), in the organisation's time zone."
    )
    date_to: Day | None = Field(
        None, description="Up to this day (inclusive), in the organisation's time zone."
    )
    q: str = Field("", max_length=200, description="Words in the object's name.")


class AuditPage(Page[AuditEntryOut]):
    pass


@router.get(
    "/audit", response={200: AuditPage, **error_responses(403, 422)}, summary="List audit entries"
)
def list_audit(
    request: HttpRequest, filters: Query[AuditFilters], page: Query[PageIn]
) -> dict[str, object]:
    """Every recorded state change, newest first. Administrators, communications managers and
    approvers only."""
    require_role(actor(request), AUDIT_READERS, "Reading the audit log")
    params = {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in filters.model_dump().items()
        if value not in ("", None)
    }
    return paginate(filter_entries(params), page)
