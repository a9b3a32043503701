from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_a_missing_page_uses_the_podium_404(client, carol):
    client.force_login(carol)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing here" in html
    assert reverse("home") in html
    assert "Audit log" in html  # the normal navigation is there


def test_a_refused_page_uses_the_podium_403(client, erin):
    client.force_login(erin)
    response = client.get(reverse("system-status"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not for your role" in html
    assert "Your role does not give access to this page." in html


def test_the_500_page_renders_without_the_database(db):
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("500.html")
    assert len(queries) == 0
    assert "Something went wrong on our side" in html
