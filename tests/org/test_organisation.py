import pytest
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.org.models import Organisation
from tests.org.helpers import image_upload

URL = reverse("org-edit-organisation")


def settings_form(**overrides):
    data = {"name": "Meridian Hotels Group", "timezone": "Europe/Madrid", "brand_colour": "#AA3300"}
    data.update(overrides)
    return data


def test_an_administrator_changes_the_organisation(client, alice, organisation):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert 'value="Meridian Hotels"' in page
    assert 'type="color"' in page
    response = client.post(URL, settings_form(logo=image_upload("PNG")))
    assert response.status_code == 302
    org = Organisation.current()
    assert org.name == "Meridian Hotels Group"
    assert org.timezone == "Europe/Madrid"
    assert org.brand_colour == "#aa3300"
    assert org.logo.name.startswith("org/")
    assert not org.require_two_factor
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert ("name", "Meridian Hotels", "Meridian Hotels Group") in entry.changes


def test_requiring_two_factor_is_saved_and_audited(client, alice, organisation):
    client.force_login(alice)
    client.post(URL, settings_form(require_two_factor="on"))
    assert Organisation.current().require_two_factor
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert ("require_two_factor", False, True) in entry.changes


def test_a_bad_colour_is_explained_and_the_input_kept(client, alice, organisation):
    client.force_login(alice)
    response = client.post(URL, settings_form(brand_colour="blue", name="Typed name"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Use a colour like #1f6feb" in html
    assert 'value="blue"' in html
    assert 'value="Typed name"' in html
    assert Organisation.current().name == "Meridian Hotels"
    assert not AuditEntry.objects.exists()


def test_a_logo_in_another_format_is_refused(client, alice, organisation):
    client.force_login(alice)
    response = client.post(URL, settings_form(logo=image_upload("GIF")))
    assert "Podium takes PNG, JPEG or WebP" in response.content.decode()
    assert Organisation.current().name == "Meridian Hotels"


@pytest.mark.parametrize("persona", ["carol", "arthur", "erin"])
def test_other_roles_are_refused(client, persona, request, organisation):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, settings_form()).status_code == 403
    assert Organisation.current().name == "Meridian Hotels"


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
