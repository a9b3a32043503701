"""Names are one line: a line break (CR, LF) is refused in forms and over the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken, User
from podium.org.models import Organisation, Person

BROKEN = "Erin\r\nBcc: everyone@example.com"
MESSAGE = "Keep this on one line: remove the line break."


def token_client(user: User) -> Client:
    _token, secret = do_create_token(user, "script")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.mark.parametrize("name", [BROKEN, "Erin\nExecutive", "Erin\u2028Executive"])
def test_the_api_refuses_a_user_name_on_two_lines(alice, erin, name):
    response = token_client(alice).patch(
        f"/api/users/{erin.pk}", {"full_name": name}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"full_name": MESSAGE}
    erin.refresh_from_db()
    assert erin.full_name == "Erin Executive"


def test_the_users_page_refuses_it_next_to_the_field(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts-create-user"),
        {"full_name": BROKEN, "email": "new@example.com", "role": "executive"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_the_api_refuses_a_person_name_or_title_on_two_lines(carol, organisation):
    response = token_client(carol).post(
        "/api/people",
        {"name": BROKEN, "title": "Chief\nExecutive"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"name": MESSAGE, "title": MESSAGE}
    assert not Person.objects.exists()


def test_the_organisation_page_refuses_a_name_on_two_lines(client, alice, organisation):
    client.force_login(alice)
    response = client.post(
        reverse("org-edit-organisation"),
        {"name": "Meridian\r\nHotels", "timezone": "Europe/London", "brand_colour": "#1f6feb"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Organisation.current().name == "Meridian Hotels"


def test_a_token_name_is_one_line_too(carol):
    with pytest.raises(ValidationError, match="one line"):
        do_create_token(carol, "CRM\nsync")
    assert not ApiToken.objects.filter(name__startswith="CRM").exists()
