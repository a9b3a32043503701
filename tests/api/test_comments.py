"""Comment moderation over the API: who moderates whose comments, and each decision."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from podium.blog.models import Comment
from podium.governance.models import AuditEntry
from tests.api.conftest import call_with_ids, deep_fuzz
from tests.blog.helpers import article, comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(erin) -> Comment:
    return comment(article(erin.person), name="Pat Reader", text="Where is the Lisbon hotel?")


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [c["name"] for c in response.json()["items"]]


@pytest.mark.parametrize("persona", ["erin", "ian", "carol"])
def test_the_executive_their_assistant_and_comms_moderate(api, request, persona, pending):
    user = request.getfixturevalue(persona)
    client = api(user)

    listed = client.get("/api/comments?status=pending").json()["items"]
    assert [(c["id"], c["text"], c["email"]) for c in listed] == [
        (pending.pk, "Where is the Lisbon hotel?", "pat@example.org")
    ]
    response = client.post(f"/api/comments/{pending.pk}/moderate", {"status": "approved"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["moderated_by"]) == ("approved", user.email)
    entry = AuditEntry.objects.get(action="comment.approved")
    assert (entry.via, entry.actor_id) == ("api", user.pk)
    assert names(client.get("/api/comments?status=pending")) == []
    assert names(client.get("/api/comments?status=approved")) == ["Pat Reader"]


@pytest.mark.parametrize("decision", ["rejected", "spam"])
def test_it_rejects_and_marks_spam(api, erin, pending, decision):
    response = api(erin).post(f"/api/comments/{pending.pk}/moderate", {"status": decision})

    assert response.json()["status"] == decision
    pending.refresh_from_db()
    assert pending.status == decision
    assert AuditEntry.objects.filter(action=f"comment.{decision}", via="api").exists()


def test_it_refuses_an_unknown_decision(api, erin, pending):
    response = api(erin).post(f"/api/comments/{pending.pk}/moderate", {"status": "maybe"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "status": "Choose one of: 'approved', 'rejected' or 'spam'."
    }
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


def test_it_hides_another_executives_comments(api, frank, pending):
    assert names(api(frank).get("/api/comments")) == []
    response = api(frank).post(f"/api/comments/{pending.pk}/moderate", {"status": "spam"})

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


@pytest.mark.parametrize("persona", ["alice", "arthur"])
def test_it_refuses_roles_that_do_not_moderate(api, request, persona, pending):
    client = api(request.getfixturevalue(persona))

    response = client.get("/api/comments")
    assert response.status_code == 403
    assert "Moderating comments needs the" in response.json()["detail"]
    response = client.post(f"/api/comments/{pending.pk}/moderate", {"status": "spam"})
    assert response.status_code == 403


def test_it_filters_by_article_and_pages(api, erin, pending):
    other = article(erin.person, "Another one", slug="another-one")
    for n in range(3):
        comment(other, name=f"Reader {n}", status=Comment.Status.APPROVED)

    body = api(erin).get(f"/api/comments?article={other.pk}&page_size=2").json()

    assert (body["count"], body["pages"], len(body["items"])) == (3, 2, 2)
    assert {c["article_title"] for c in body["items"]} == {"Another one"}
    assert names(api(erin).get(f"/api/comments?article={pending.article_id}")) == ["Pat Reader"]


# --- generated requests against a real comment ------------------------------------------------

comment_operations = deep_fuzz("Comments")
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@comment_operations.parametrize()
@FUZZ
def test_it_answers_generated_requests_on_a_real_comment(
    case, keep_connection_for_wsgi, pending, carol
):
    """No 5xx, and every answer as documented, when the bodies reach the action."""
    call_with_ids(case, carol, comment_id=pending.pk)
