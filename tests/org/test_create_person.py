import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.governance.models import AuditEntry
from podium.org.models import Person
from tests.conftest import make_user
from tests.org.helpers import image_upload, large_png

URL = reverse("org-create-person")


def form(**overrides):
    data = {"name": "Grace Hopper", "title": "Chief Technology Officer", "timezone": "Europe/Paris"}
    data.update(overrides)
    return data


def test_a_comms_manager_adds_a_person_with_photo_and_delegates(client, carol, ian):
    grace = make_user("grace@example.com", "Grace Hopper", Role.EXECUTIVE)
    client.force_login(carol)
    response = client.post(
        URL,
        form(
            bio="Grace builds things.",
            photo=image_upload("JPEG"),
            user=grace.pk,
            assistants=[ian.pk],
            comms_delegates=[carol.pk],
        ),
    )
    person = Person.objects.get(name="Grace Hopper")
    assert response.status_code == 302
    assert response["Location"] == reverse("org-show-person", args=[person.slug])
    assert person.title == "Chief Technology Officer"
    assert person.timezone == "Europe/Paris"
    assert person.user == grace
    assert person.is_active
    assert person.photo.name.startswith("people/")
    assert sorted(person.delegations.values_list("user__email", "kind")) == [
        ("carol@example.com", "comms"),
        ("ian@example.com", "assistant"),
    ]
    actions = list(
        AuditEntry.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["person.created", "person.delegates_changed"]


def test_an_administrator_may_add_a_person(client, alice):
    client.force_login(alice)
    assert client.post(URL, form()).status_code == 302
    assert Person.objects.filter(name="Grace Hopper").exists()


def test_missing_fields_are_explained_and_what_was_typed_is_kept(client, carol):
    client.force_login(carol)
    response = client.post(URL, form(name="", bio="Keeps her notes.", timezone="Asia/Tokyo"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the executive&#x27;s name as it appears in public." in html
    assert "Keeps her notes." in html
    assert 'value="Chief Technology Officer"' in html
    assert '<option value="Asia/Tokyo" selected>' in html
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_unknown_time_zone_is_refused(client, carol):
    client.force_login(carol)
    response = client.post(URL, form(timezone="Mars/Olympus"))
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.exists()


def test_a_picture_in_another_format_is_refused_with_the_reason(client, carol):
    client.force_login(carol)
    response = client.post(URL, form(photo=image_upload("GIF")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This is a GIF image; Podium takes PNG, JPEG or WebP." in html
    assert "choose the picture again" in html
    assert 'value="Grace Hopper"' in html
    assert not Person.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, carol):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(carol)
    fake = SimpleUploadedFile("photo.png", b"not really a picture", content_type="image/png")
    response = client.post(URL, form(photo=fake))
    assert (
        "This file is not a PNG, JPEG or WebP image: choose one that is."
        in response.content.decode()
    )
    assert not Person.objects.exists()


def test_a_picture_over_five_megabytes_is_refused(client, carol):
    client.force_login(carol)
    response = client.post(URL, form(photo=large_png()))
    html = response.content.decode()
    assert "the limit is 5 MB" in html
    assert not Person.objects.exists()


def test_webp_pictures_are_accepted(client, carol):
    client.force_login(carol)
    assert client.post(URL, form(photo=image_upload("WEBP"))).status_code == 302
    assert Person.objects.get().photo.name.endswith(".webp")


def test_delegates_are_chosen_among_fitting_users(client, carol, alice, ian, erin):
    client.force_login(carol)
    form_ = client.get(URL).context["form"]
    assert list(form_.fields["assistants"].queryset) == [ian]  # executives off the roster
    assert set(form_.fields["comms_delegates"].queryset) == {alice, carol}
    response = client.post(URL, form(comms_delegates=[ian.pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.filter(name="Grace Hopper").exists()


def test_a_user_who_already_has_a_profile_cannot_be_linked_again(client, carol, erin):
    client.force_login(carol)
    response = client.post(URL, form(user=erin.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.filter(name="Grace Hopper").exists()


@pytest.mark.parametrize("persona", ["arthur", "erin"])
def test_other_roles_may_not_add_people(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Person.objects.filter(name="Grace Hopper").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
