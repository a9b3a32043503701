import pytest
from django.urls import reverse

from podium.governance.models import AuditEntry
from podium.org.models import Delegation
from tests.org.helpers import image_upload


def edit(person):
    return reverse("org-edit-person", args=[person.slug])


def profile(person, **overrides):
    data = {
        "name": person.name,
        "title": person.title,
        "bio": person.bio,
        "timezone": person.timezone,
    }
    data.update(overrides)
    return data


def test_an_executive_edits_their_own_profile(client, erin):
    person = erin.person
    client.force_login(erin)
    assert client.get(edit(person)).status_code == 200
    response = client.post(
        edit(person), profile(person, title="Chair", timezone="America/New_York")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.title, person.timezone) == ("Chair", "America/New_York")
    entry = AuditEntry.objects.get(action="person.updated")
    assert entry.actor_label == "erin@example.com"
    assert ("title", "Chief Executive Officer", "Chair") in entry.changes


def test_an_executive_cannot_change_restricted_fields(client, erin, frank):
    person = erin.person
    client.force_login(erin)
    html = client.get(edit(person)).content.decode()
    assert 'name="is_active"' not in html
    assert 'name="user"' not in html
    assert 'name="assistants"' not in html
    client.post(
        edit(person),
        profile(person, is_active="", user=frank.pk, assistants=[frank.pk], title="CEO"),
    )
    person.refresh_from_db()
    assert person.title == "CEO"
    assert person.is_active
    assert person.user == erin
    assert not Delegation.objects.filter(person=person).exists()


def test_an_executive_cannot_edit_someone_else(client, erin, frank):
    client.force_login(frank)
    assert client.get(edit(erin.person)).status_code == 404
    assert client.post(edit(erin.person), profile(erin.person, title="Hacked")).status_code == 404
    erin.person.refresh_from_db()
    assert erin.person.title == "Chief Executive Officer"


def test_an_assistant_edits_the_profile_they_look_after(client, ian):
    person = ian.delegations.get().person
    client.force_login(ian)
    assert client.post(edit(person), profile(person, bio="Updated by Ian.")).status_code == 302
    person.refresh_from_db()
    assert person.bio == "Updated by Ian."


def test_an_approver_may_not_edit(client, arthur, erin):
    client.force_login(arthur)
    assert client.get(edit(erin.person)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, erin):
    response = client.get(edit(erin.person))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_comms_sets_delegates_the_linked_user_and_roster_status(client, carol, erin, ian, frank):
    person = erin.person
    client.force_login(carol)
    response = client.post(
        edit(person),
        profile(person, user=erin.pk, comms_delegates=[carol.pk], assistants=[]),
    )
    assert response.status_code == 302
    assert list(person.delegations.values_list("user__email", "kind")) == [
        ("carol@example.com", "comms")
    ]
    person.refresh_from_db()
    assert not person.is_active  # the box was not ticked
    entry = AuditEntry.objects.get(action="person.delegates_changed")
    assert entry.before == {"delegates": ["ian@example.com:assistant"]}
    assert entry.after == {"delegates": ["carol@example.com:comms"]}


def test_the_form_shows_the_current_delegates(client, carol, ian):
    person = ian.delegations.get().person
    client.force_login(carol)
    html = client.get(edit(person)).content.decode()
    assert (
        f'name="assistants" value="{ian.pk}" class="form-check-input" id="id_assistants_0" checked>'
        in html
    )


def test_one_user_cannot_be_both_assistant_and_comms(client, carol, ian):
    person = ian.delegations.get().person
    client.force_login(carol)
    response = client.post(
        edit(person),
        profile(
            person,
            user=person.user_id,
            is_active="on",
            assistants=[ian.pk],
            comms_delegates=[ian.pk],
        ),
    )
    assert "cannot be both an assistant and on the communications team" in response.content.decode()
    assert list(person.delegations.values_list("user__email", "kind")) == [
        ("ian@example.com", "assistant")
    ]


def test_unchanged_delegates_are_not_rewritten(client, carol, ian):
    person = ian.delegations.get().person
    client.force_login(carol)
    client.post(
        edit(person), profile(person, user=person.user_id, is_active="on", assistants=[ian.pk])
    )
    assert not AuditEntry.objects.filter(action="person.delegates_changed").exists()


def test_errors_keep_what_was_typed_and_write_nothing(client, erin):
    person = erin.person
    client.force_login(erin)
    response = client.post(edit(person), profile(person, title="", bio="A brand new biography."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter their job title" in html
    assert "A brand new biography." in html
    person.refresh_from_db()
    assert person.title == "Chief Executive Officer"
    assert not AuditEntry.objects.exists()


def test_a_photo_is_replaced_and_then_removed(client, erin):
    person = erin.person
    client.force_login(erin)
    client.post(edit(person), profile(person, photo=image_upload("PNG")))
    person.refresh_from_db()
    assert person.photo.name.endswith(".png")
    html = client.get(reverse("org-show-person", args=[person.slug])).content.decode()
    assert person.photo.url in html
    client.post(edit(person), profile(person, **{"photo-clear": "on"}))
    person.refresh_from_db()
    assert not person.photo


@pytest.mark.parametrize("fmt", ["GIF", "BMP"])
def test_an_unsupported_photo_is_refused_on_edit(client, erin, fmt):
    person = erin.person
    client.force_login(erin)
    response = client.post(edit(person), profile(person, photo=image_upload(fmt), title="New"))
    assert f"This is a {fmt} image" in response.content.decode()
    person.refresh_from_db()
    assert person.title == "Chief Executive Officer"
    assert not person.photo
