"""Objectives over the API: the pages' permissions, the pages' refusals, computed progress."""

from __future__ import annotations

import pytest

from podium.governance.models import AuditEntry
from podium.governance.objectives import Objective
from tests.governance.objectives_helpers import objective


def body(owner, **changes):
    data = {
        "name": "Grow the blog",
        "owner_id": owner.pk,
        "kpi": "blog.articles_published",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "baseline": 4,
        "target": 24.5,
    }
    return {**data, **changes}


def test_it_lists_the_kpis_an_objective_can_use(api, erin):
    kpis = {k["key"]: k for k in api(erin).get("/api/kpis").json()}

    assert kpis["publishing.approval_lead_time"]["direction"] == "lower"
    assert kpis["blog.articles_published"]["unit"] == "articles"


def test_it_sets_and_changes_an_objective_audited_as_api(api, carol):
    client = api(carol)

    created = client.post("/api/objectives", body(carol))

    assert created.status_code == 201, created.json()
    assert created.json()["target"] == 24.5
    changed = client.patch(f"/api/objectives/{created.json()['id']}", {"target": 30})
    assert changed.status_code == 200
    assert Objective.objects.get().target == 30
    assert list(
        AuditEntry.objects.filter(action__startswith="objective.").values_list("action", "via")
    ) == [("objective.updated", "api"), ("objective.created", "api")]


def test_it_shows_no_data_as_null_never_zero(api, carol, arthur):
    goal = objective(carol, "publishing.approval_lead_time", baseline="48", target="12")

    found = api(arthur).get(f"/api/objectives/{goal.pk}").json()

    assert found["current"] is None and found["percent"] is None
    assert found["points"] and all(p["value"] is None for p in found["points"])


@pytest.mark.parametrize("persona", ["arthur", "erin"])
def test_readers_may_not_set_objectives(api, persona, request, carol):
    goal = objective(carol)
    client = api(request.getfixturevalue(persona))

    assert client.get("/api/objectives").json()["count"] == 1
    assert client.post("/api/objectives", body(carol)).status_code == 403
    assert client.patch(f"/api/objectives/{goal.pk}", {"target": 1}).status_code == 403
    assert Objective.objects.get().target == 12


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2025-06-30"}, "ends_on", "is before the start"),
        ({"target": 4}, "target", "The target equals the baseline"),
        ({"kpi": "ideas.shipped"}, "kpi", "Podium measures no such KPI"),
        ({"owner_id": 999999}, "owner_id", "No user has id 999999"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(api, carol, changes, field, message):
    response = api(carol).post("/api/objectives", body(carol, **changes))

    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert not Objective.objects.exists()
