import pytest

from podium.blog.models import Comment
from podium.governance.models import AuditEntry
from tests.blog.helpers import article, comment
from tests.conftest import PASSWORD


@pytest.fixture
def pending(erin):
    return comment(article(erin.person), name="Quinn Guest", text="Where is the spa?")


def sign_in(client, user):
    client.login(email=user.email, password=PASSWORD)


@pytest.mark.parametrize("who", ["erin", "ian", "carol"])
def test_it_lets_the_executive_delegates_and_comms_moderate(client, request, who, pending):
    user = request.getfixturevalue(who)
    sign_in(client, user)
    page = client.get("/blog/moderate/")
    assert page.status_code == 200 and "Where is the spa?" in page.content.decode()
    response = client.post(f"/blog/moderate/{pending.pk}/", {"decision": "approved"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED and pending.moderated_by == user
    entry = AuditEntry.objects.get(action="comment.approved")
    assert entry.actor_id == user.pk and entry.before == {"status": "pending"}


@pytest.mark.parametrize("decision", ["rejected", "spam"])
def test_it_rejects_and_marks_spam(client, erin, pending, decision):
    sign_in(client, erin)
    client.post(f"/blog/moderate/{pending.pk}/", {"decision": decision})
    pending.refresh_from_db()
    assert pending.status == decision
    assert AuditEntry.objects.filter(action=f"comment.{decision}").exists()


def test_it_refuses_an_unknown_decision(client, erin, pending):
    sign_in(client, erin)
    client.post(f"/blog/moderate/{pending.pk}/", {"decision": "deleted"})
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


def test_it_shows_counts_per_status(client, erin, pending):
    comment(pending.article, "approved")
    comment(pending.article, "spam")
    sign_in(client, erin)
    body = client.get("/blog/moderate/", {"status": "spam"}).content.decode()
    assert "Where is the spa?" not in body


def test_it_sends_anonymous_visitors_to_sign_in(client, pending):
    assert client.get("/blog/moderate/").status_code == 302
    response = client.post(f"/blog/moderate/{pending.pk}/", {"decision": "approved"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


@pytest.mark.parametrize("who", ["alice", "arthur"])
def test_it_refuses_roles_that_do_not_moderate(client, request, who, pending):
    sign_in(client, request.getfixturevalue(who))
    assert client.get("/blog/moderate/").status_code == 403
    assert client.post(f"/blog/moderate/{pending.pk}/", {"decision": "approved"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


def test_it_hides_other_executives_comments(client, frank, pending):
    sign_in(client, frank)
    assert "Where is the spa?" not in client.get("/blog/moderate/").content.decode()
    assert client.post(f"/blog/moderate/{pending.pk}/", {"decision": "spam"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING


def test_it_refuses_get_on_the_moderation_action(client, erin, pending):
    sign_in(client, erin)
    assert client.get(f"/blog/moderate/{pending.pk}/").status_code == 405


def test_it_lists_comments_in_few_queries(
    client, carol, erin, frank, django_assert_max_num_queries
):
    for n in range(10):
        comment(article(erin.person if n % 2 else frank.person, f"Piece {n}", slug=f"p-{n}"))
    sign_in(client, carol)
    with django_assert_max_num_queries(10):
        assert client.get("/blog/moderate/").status_code == 200
