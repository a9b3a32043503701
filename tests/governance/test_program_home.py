import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.channels.models import ChannelAccount
from podium.governance import audit
from tests.org.helpers import add_people

URL = reverse("org-program-home")


def test_it_shows_the_roster_with_accounts_and_counts(client, carol, erin):
    ChannelAccount.objects.create(
        person=erin.person,
        network="bluesky",
        handle="erin.bsky.social",
        status=ChannelAccount.Status.CONNECTED,
    )
    ChannelAccount.objects.create(
        person=erin.person,
        network="x",
        handle="@erin",
        status=ChannelAccount.Status.NEEDS_RECONNECT,
    )
    client.force_login(carol)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erin Executive" in html
    assert "Chief Executive Officer" in html
    assert "erin.bsky.social" in html
    assert "ti-brand-bluesky" in html
    assert "Needs reconnecting" in html
    assert '<div class="h2 mb-0" data-testid="count-people">1</div>' in html
    assert '<div class="h2 mb-0" data-testid="count-connected">1</div>' in html
    assert '<div class="h2 mb-0" data-testid="count-reconnect">1</div>' in html


def test_it_shows_recent_activity_from_the_audit_log(client, carol, erin):
    audit.record(actor=carol, action="person.updated", target=erin.person)
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert "person.updated" in html
    assert "carol@example.com" in html


def test_it_says_what_comes_next_when_the_roster_is_empty(client, carol):
    client.force_login(carol)
    html = client.get(URL).content.decode()
    assert "No executives on the roster yet" in html
    assert reverse("org-create-person") in html


def test_an_administrator_may_use_it(client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["arthur", "erin"])
def test_other_roles_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_does_not_grow_its_queries_with_the_roster(client, carol):
    add_people(3, delegate=carol)
    client.force_login(carol)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add_people(15, start=3, delegate=carol)
    with CaptureQueriesContext(connection) as many:
        assert "Executive 017" in client.get(URL).content.decode()
    assert len(many) == len(few)
