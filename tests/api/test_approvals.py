"""The approval chains over the API: the queue, approve, send back, reject and fast-track, with
the pages' permissions and refusals."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from podium.governance import approvals
from podium.governance.chains import ApprovalRun
from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from tests.api.conftest import call_with_ids, deep_fuzz
from tests.governance.chaining import chain, scheduled_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(erin, carol, arthur):
    chain(carol)
    post = scheduled_post(erin, erin.person, text="We will grow next year.")
    return approvals.run_of(post.latest_revision)


def test_the_queue_lists_what_waits_for_the_caller(api, waiting, arthur, carol, erin):
    (item,) = api(arthur).get("/api/approvals").json()

    assert item["id"] == waiting.pk
    assert (item["step"], item["steps"], item["step_name"]) == (2, 2, "Legal review")
    assert item["content_hash"] == waiting.content_hash
    assert item["texts"] == {"mastodon": "We will grow next year."}
    assert api(carol).get("/api/approvals").json() == []
    assert api(erin).get("/api/approvals").status_code == 403


def test_approve_over_the_api_releases_the_posts(api, waiting, arthur):
    response = api(arthur).post(
        f"/api/approvals/{waiting.pk}/approve", {"content_hash": waiting.content_hash}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "approved"
    post = waiting.revision.post
    assert {p.state for p in Publication.objects.filter(post=post)} == {"scheduled"}
    assert AuditEntry.objects.get(action="approval.approved").via == "api"


def test_a_stale_hash_is_refused_with_the_reason(api, waiting, arthur):
    response = api(arthur).post(f"/api/approvals/{waiting.pk}/approve", {"content_hash": "0" * 64})

    assert response.status_code == 422
    assert "changed since you opened it" in response.json()["detail"]
    waiting.refresh_from_db()
    assert waiting.state == ApprovalRun.State.WAITING


def test_someone_not_named_by_the_step_is_refused(api, waiting, carol, alice):
    for user in (carol, alice):
        response = api(user).post(f"/api/approvals/{waiting.pk}/approve", {})
        assert response.status_code == 403
        assert "not an approver of the step" in response.json()["detail"]


def test_send_back_names_the_field_of_words_outside_the_text(api, waiting, arthur):
    bad = api(arthur).post(
        f"/api/approvals/{waiting.pk}/send-back",
        {"comment": "Forward-looking", "network": "mastodon", "start": 3, "end": 500},
    )
    assert bad.status_code == 422
    assert "start" in bad.json()["errors"]

    good = api(arthur).post(
        f"/api/approvals/{waiting.pk}/send-back",
        {"comment": "Forward-looking", "network": "mastodon", "start": 3, "end": 12},
    )
    assert good.status_code == 200
    assert good.json()["state"] == "sent_back"


def test_reject_and_fast_track(api, waiting, arthur, carol):
    post = waiting.revision.post
    assert api(arthur).post(f"/api/posts/{post.pk}/fast-track", {"reason": "x"}).status_code == 403
    response = api(carol).post(f"/api/posts/{post.pk}/fast-track", {"reason": "A false report"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "fast_tracked"
    assert (
        api(arthur).post(f"/api/approvals/{waiting.pk}/reject", {"comment": "No"}).status_code
        == 404
    )


approval_operations = deep_fuzz("Approvals")


@approval_operations.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_answers_generated_requests_on_a_real_run(
    case, keep_connection_for_wsgi, erin, carol, arthur
):
    waiting = ApprovalRun.objects.filter(state=ApprovalRun.State.WAITING).first()
    if waiting is None:
        if not approvals.Chain.objects.exists():
            chain(carol)
        post = scheduled_post(erin, erin.person)
        waiting = approvals.run_of(post.latest_revision)
    call_with_ids(case, arthur, run_id=waiting.pk, post_id=waiting.revision.post_id)
