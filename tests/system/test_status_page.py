import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.system.models import WorkerHeartbeat
from podium.system.status import collect
from podium.system.tasks import heartbeat

URL = reverse("system-status")
PING = reverse("system-ping-worker")


def test_it_says_the_worker_is_not_running_without_a_heartbeat(client, alice):
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "Worker not running" in html
    assert "podium run_huey" in html


def test_it_shows_the_worker_alive_after_a_heartbeat(client, alice):
    heartbeat.call_local()
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "Worker running" in html
    assert WorkerHeartbeat.objects.get().worker in html
    assert "Alive" in html


def test_a_beat_older_than_150_seconds_is_not_alive(client, alice):
    WorkerHeartbeat.objects.create(
        worker="old-host:1", beat_at=timezone.now() - dt.timedelta(seconds=151)
    )
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "Worker not running" in html
    assert "old-host:1" in html
    assert "Silent" in html


def test_it_reports_queue_database_cache_and_versions(client, alice, settings):
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "0 tasks waiting" in html
    assert "Migrations all applied" in html
    assert "Cache reachable" in html
    assert f'data-testid="podium-version">{settings.VERSION}<' in html
    status = collect()
    assert status.database_vendor in html
    assert status.django_version in html
    assert status.python_version in html


def test_pinging_runs_the_ping_task(client, alice):
    # Tests run Huey in immediate mode, so the task runs as it is enqueued and beats.
    client.force_login(alice)
    response = client.post(PING, follow=True)
    assert response.redirect_chain[-1][0] == URL
    html = response.content.decode()
    assert "Ping sent" in html
    assert "Worker running" in html


def test_ping_needs_a_post(client, alice):
    client.force_login(alice)
    assert client.get(PING).status_code == 405


@pytest.mark.parametrize("persona", ["carol", "arthur", "erin"])
def test_other_roles_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(PING).status_code == 403
    assert not WorkerHeartbeat.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for response in (client.get(URL), client.post(PING)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
