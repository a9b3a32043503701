"""The ideas API (comms' side) and the KPIs ideas register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from podium.governance.kpis import registry
from podium.governance.models import AuditEntry
from podium.ideas import actions
from podium.ideas.models import Status
from tests.api.conftest import api  # noqa: F401 - the fixture
from tests.ideas.helpers import idea, identity

pytestmark = pytest.mark.django_db


def test_comms_list_read_and_change_an_idea_over_the_api(api, carol):  # noqa: F811
    one = idea("Serve breakfast until noon")
    client = api(carol)
    listed = client.get("/api/ideas?q=breakfast").json()
    assert [i["title"] for i in listed["items"]] == ["Serve breakfast until noon"]
    assert listed["items"][0]["votes"] == 1
    refused = client.post(f"/api/ideas/{one.pk}/status", {"status": "declined"})
    assert refused.status_code == 422
    assert "message" in refused.json()["errors"]
    changed = client.post(
        f"/api/ideas/{one.pk}/status", {"status": "planned", "message": "Spring."}
    )
    assert changed.status_code == 200 and changed.json()["status"] == "planned"
    assert AuditEntry.objects.get(action="ideas.idea.status_changed").via == "api"


def test_an_executive_reads_an_idea_but_does_not_triage(api, erin):  # noqa: F811
    one = idea()
    assert api(erin).get(f"/api/ideas/{one.pk}").json()["title"] == one.title
    assert api(erin).get("/api/ideas").status_code == 403
    assert api(erin).post(f"/api/ideas/{one.pk}/status", {"status": "planned"}).status_code == 403


def _window() -> tuple[dt.datetime, dt.datetime]:
    now = timezone.now()
    return now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)


def test_the_kpis_have_no_data_before_the_first_idea(organisation):
    found = registry()
    start, end = _window()
    for key in ("ideas.submitted", "ideas.votes", "ideas.launched"):
        assert found[key].measure(start, end, None) is None


def test_the_kpis_count_ideas_votes_launches_and_time_to_answer(carol, erin):
    one, two = idea("One"), idea("Two")
    actions.do_vote(identity(), one)
    actions.do_change_status(carol, one, Status.LAUNCHED)
    actions.do_official_answer(erin, one, erin.person, "Done.")
    found = registry()
    start, end = _window()
    assert found["ideas.submitted"].measure(start, end, None) == 2
    assert found["ideas.votes"].measure(start, end, None) == 3
    assert found["ideas.launched"].measure(start, end, None) == 1
    hours = found["ideas.hours_to_official_answer"].measure(start, end, None)
    assert hours is not None and 0 <= hours < 1
    assert (
        found["ideas.hours_to_official_answer"].measure(start, end, [erin.person.pk + 99]) is None
    )
    assert two.pk
