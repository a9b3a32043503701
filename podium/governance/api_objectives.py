"""API for objectives and the KPIs they measure: the same permissions as the pages (everyone
signed in reads; administrators and communications managers set them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status

from podium.accounts.api_auth import actor, require_role
from podium.accounts.models import User
from podium.governance.actions import OBJECTIVE_EDITORS, do_create_objective, do_update_objective
from podium.governance.kpis import registry
from podium.governance.localtime import org_zone
from podium.governance.objectives import Objective
from podium.governance.progress import progress_for
from podium.lib.api import (
    MAX_ID,
    Day,
    InSchema,
    Number,
    Page,
    PageIn,
    PatchSchema,
    error_responses,
    fields_renamed,
    paginate,
    patch_field,
)
from podium.lib.kpis import Direction

router = Router(tags=["Objectives"])

# What the database keeps: 12 digits, 2 after the point.
Value = Annotated[float, Field(ge=-9_999_999_999, le=9_999_999_999, allow_inf_nan=False)]


class KpiOut(Schema):
    key: str
    label: str
    unit: str
    direction: Direction = Field(description="Whether a higher or a lower value is better.")
    adds_up: bool = Field(
        description="true: counted from the objective's start; false: measured per step."
    )
    description: str


class PointOut(Schema):
    day: dt.date = Field(description="The last day the value covers.")
    value: float | None = Field(description="null: no data yet (never 0 for missing data).")


class ObjectiveOut(Schema):
    id: int
    name: str
    owner_id: int
    kpi: str
    starts_on: dt.date
    ends_on: dt.date
    baseline: float
    target: float
    current: float | None = Field(description="The latest measured value; null: no data yet.")
    percent: int | None = Field(description="How far from the baseline to the target, in %.")
    points: list[PointOut] = Field(description="Each step's value, computed from the data.")


class ObjectiveIn(InSchema):
    name: str = Field(min_length=1, max_length=200)
    owner_id: Number = Field(ge=1, le=MAX_ID, description="The user who answers for it.")
    kpi: str = Field(max_length=64, description="A key from GET /api/kpis.")
    starts_on: Day
    ends_on: Day
    baseline: Value
    target: Value


class ObjectivePatchIn(PatchSchema):
    name: str = patch_field(min_length=1, max_length=200)
    owner_id: Number = patch_field(ge=1, le=MAX_ID)
    kpi: str = patch_field(max_length=64)
    starts_on: Day = patch_field()
    ends_on: Day = patch_field()
    baseline: Value = patch_field()
    target: Value = patch_field()


class ObjectivePage(Page[ObjectiveOut]):
    pass


def _out(objective: Objective, *, latest_only: bool = False) -> dict[str, Any]:
    progress = progress_for(objective, org_zone(), latest_only=latest_only)
    return {
        "id": objective.pk,
        "name": objective.name,
        "owner_id": objective.owner_id,
        "kpi": objective.kpi,
        "starts_on": objective.starts_on,
        "ends_on": objective.ends_on,
        "baseline": float(objective.baseline),
        "target": float(objective.target),
        "current": progress.current,
        "percent": progress.percent,
        "points": [{"day": p.day, "value": p.value} for p in progress.points],
    }


def _data(changes: dict[str, Any]) -> dict[str, Any]:
    """The API's owner_id becomes the model's owner; numbers are kept to the cent."""
    data = dict(changes)
    if "owner_id" in data:
        owner_id = data.pop("owner_id")
        data["owner"] = User.objects.filter(pk=owner_id).first()
        if data["owner"] is None:
            raise ValidationError({"owner_id": f"No user has id {owner_id}."})
    for name in ("baseline", "target"):
        if name in data:
            data[name] = Decimal(str(round(data[name], 2)))
    return data


@router.get("/kpis", response={200: list[KpiOut], **error_responses(403)})
def list_kpis(request: HttpRequest) -> list[dict[str, Any]]:
    """Everything an objective can measure, from every app that measures something."""
    return [
        {
            "key": k.key,
            "label": k.label,
            "unit": k.unit,
            "direction": k.direction,
            "adds_up": k.adds_up,
            "description": k.description,
        }
        for k in registry().values()
    ]


@router.get("/objectives", response={200: ObjectivePage, **error_responses(403, 422)})
def list_objectives(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The program's objectives, ending soonest first, each with its latest value only (GET
    one objective for every step)."""
    found = paginate(Objective.objects.all(), page)
    found["items"] = [_out(o, latest_only=True) for o in found["items"]]
    return found


@router.get(
    "/objectives/{objective_id}", response={200: ObjectiveOut, **error_responses(403, 404, 422)}
)
def get_objective(
    request: HttpRequest, objective_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """One objective with its progress at every step so far."""
    return _out(get_object_or_404(Objective, pk=objective_id))


@router.post("/objectives", response={201: ObjectiveOut, **error_responses(400, 403, 422)})
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> Status[dict[str, Any]]:
    """Set an objective. Administrators and communications managers only."""
    user = actor(request)
    require_role(user, OBJECTIVE_EDITORS, "Setting objectives")
    with fields_renamed({"owner": "owner_id"}):
        objective = do_create_objective(user, _data(payload.model_dump()), via="api")
    return Status(201, _out(objective))


@router.patch(
    "/objectives/{objective_id}",
    response={200: ObjectiveOut, **error_responses(400, 403, 404, 422)},
)
def update_objective(
    request: HttpRequest,
    payload: ObjectivePatchIn,
    objective_id: int = Path(..., ge=1, le=MAX_ID),
) -> dict[str, Any]:
    """Change an objective. Administrators and communications managers only."""
    user = actor(request)
    require_role(user, OBJECTIVE_EDITORS, "Changing objectives")
    objective = get_object_or_404(Objective, pk=objective_id)
    with fields_renamed({"owner": "owner_id"}):
        do_update_objective(user, objective, _data(payload.changes()), via="api")
    return _out(objective)
