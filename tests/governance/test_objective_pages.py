"""Objectives' pages: administrators and communications set them, everyone else reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.governance.objectives import Objective
from tests.governance.objectives_helpers import objective

LIST = reverse("governance-list-objectives")
NEW = reverse("governance-create-objective")


def form(owner, **changes):
    data = {
        "name": "Grow the blog",
        "owner": owner.pk,
        "kpi": "blog.articles_published",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "baseline": "4",
        "target": "24",
    }
    return {**data, **changes}


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_it_sets_an_objective_with_an_audit_entry(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.post(NEW, form(user))

    goal = Objective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance-show-objective", args=[goal.pk])
    assert (goal.name, goal.kpi, str(goal.target)) == (
        "Grow the blog",
        "blog.articles_published",
        "24.00",
    )
    entry = AuditEntry.objects.get(action="objective.created")
    assert entry.actor_id == user.pk
    assert entry.after["target"] == "24.00"


def test_it_edits_an_objective_with_before_and_after(client, carol):
    goal = objective(carol)
    client.force_login(carol)

    client.post(reverse("governance-edit-objective", args=[goal.pk]), form(carol, target="30"))

    goal.refresh_from_db()
    assert str(goal.target) == "30.00"
    entry = AuditEntry.objects.get(action="objective.updated")
    assert (entry.before["target"], entry.after["target"]) == ("12.00", "30.00")


@pytest.mark.parametrize("persona", ["arthur", "erin"])
def test_approvers_and_executives_read_but_do_not_set(client, persona, request, carol):
    goal = objective(carol)
    client.force_login(request.getfixturevalue(persona))

    html = client.get(LIST).content.decode()
    assert goal.name in html
    assert "New objective" not in html
    assert client.get(reverse("governance-show-objective", args=[goal.pk])).status_code == 200
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form(carol)).status_code == 403
    edit = reverse("governance-edit-objective", args=[goal.pk])
    assert client.post(edit, form(carol, target="99")).status_code == 403
    goal.refresh_from_db()
    assert str(goal.target) == "12.00"


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_objective_is_not_found(client, carol):
    client.force_login(carol)
    assert client.get(reverse("governance-show-objective", args=[404])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2025-12-01"}, "ends_on", "is before the start"),
        ({"target": "4"}, "target", "The target equals the baseline"),
        ({"target": "2"}, "target", "higher is better: set a target above the baseline"),
        ({"kpi": "ideas.shipped"}, "kpi", "Podium measures no such KPI"),
        ({"ends_on": "2099-12-31"}, "ends_on", "at most five years"),
        ({"baseline": "a lot"}, "baseline", "Enter a number such as 40"),
    ],
)
def test_it_refuses_bad_input_at_the_field_keeping_what_was_typed(
    client, carol, changes, field, message
):
    client.force_login(carol)

    response = client.post(NEW, form(carol, name="Kept as typed", **changes))

    html = response.content.decode()
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert 'value="Kept as typed"' in html
    assert message in html
    assert not Objective.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="objective.").exists()


def test_a_refused_edit_changes_nothing(client, carol):
    goal = objective(carol)
    client.force_login(carol)

    response = client.post(
        reverse("governance-edit-objective", args=[goal.pk]), form(carol, target="4")
    )

    assert "The target equals the baseline" in response.content.decode()
    goal.refresh_from_db()
    assert (str(goal.baseline), str(goal.target)) == ("0.00", "12.00")


def test_the_list_costs_the_same_few_queries_per_objective(
    client, carol, django_assert_max_num_queries
):
    client.force_login(carol)
    for n in range(3):
        objective(carol, name=f"Objective {n}")
    with django_assert_max_num_queries(20):
        assert client.get(LIST).status_code == 200
