"""System status over the API: administrators only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from podium.system.models import WorkerHeartbeat


def test_it_reports_the_system_status_to_an_administrator(api, alice):
    WorkerHeartbeat.objects.create(worker="web-1:4242", beat_at=timezone.now())

    response = api(alice).get("/api/system/status")

    assert response.status_code == 200
    body = response.json()
    assert body["worker_alive"] is True
    assert body["workers"][0]["name"] == "web-1:4242"
    assert body["pending_migrations"] == []
    assert body["podium_version"]


def test_it_reports_a_dead_worker(api, alice):
    WorkerHeartbeat.objects.create(
        worker="web-1:4242", beat_at=timezone.now() - timezone.timedelta(minutes=10)
    )

    body = api(alice).get("/api/system/status").json()

    assert (body["worker_alive"], body["healthy"]) == (False, False)


@pytest.mark.parametrize("persona", ["carol", "arthur", "erin"])
def test_it_refuses_the_system_status_to_other_roles(api, request, persona):
    response = api(request.getfixturevalue(persona)).get("/api/system/status")

    assert response.status_code == 403
    assert "Administrator" in response.json()["detail"]
