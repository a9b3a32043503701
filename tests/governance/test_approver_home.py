import pytest
from django.urls import reverse

from podium.governance import audit
from podium.publishing.actions import do_create_post

URL = reverse("governance-approver-home")


@pytest.mark.parametrize("persona", ["arthur", "carol", "alice"])
def test_it_shows_an_honest_empty_queue(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing is waiting for approval" in html
    assert "Nothing waits for your approval" in html
    assert 'data-testid="my-queue-count">0<' in html


def test_it_lists_what_waits_for_each_executive_without_an_approve_button(
    client, arthur, ian, erin
):
    post = do_create_post(ian, erin.person, "Our spring menu", {"mastodon": {"text": "Spring!"}})
    client.force_login(arthur)
    html = client.get(URL).content.decode()
    assert "Our spring menu" in html
    assert "Post for Erin Executive" in " ".join(html.split())
    assert 'data-testid="queue-count">1<' in html
    assert reverse("governance-approve-waiting-post", args=[post.revisions.get().pk]) not in html


def test_it_lists_recent_governance_changes_only(client, arthur, carol, erin):
    audit.record(actor=carol, action="person.updated", target=erin.person)
    audit.record(actor=None, action="system.ping", target_label="worker-7")
    client.force_login(arthur)
    html = client.get(URL).content.decode()
    assert "person.updated" in html
    assert "Erin Executive" in html
    assert "worker-7" not in html


def test_an_executive_is_refused(client, erin):
    client.force_login(erin)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_routine_sign_ins_are_left_out(client, arthur, carol):
    audit.record(actor=carol, action="user.signed_in", target=carol, target_label="Signed in")
    client.force_login(arthur)
    assert "user.signed_in" not in client.get(URL).content.decode()
