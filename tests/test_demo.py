"""`podium demo`: a believable company, the same for the same seed, with working sign-ins."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from podium.accounts.models import User
from podium.accounts.roles import HOME_URL_NAME, Role
from podium.channels.models import ChannelAccount, Network
from podium.governance.models import AuditEntry
from podium.lib.avatars import initials_avatar, monogram_logo
from podium.lib.demo import DEMO_PASSWORD
from podium.org.models import Delegation, Organisation, Person
from podium.system.demo import STEPS

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> list[tuple[str, str]]:
    """(email, password) of each row of the printed table."""
    rows = []
    for line in output.splitlines():
        cells = line.split()
        emails = [cell for cell in cells if "@" in cell]
        if emails and cells[-1] == DEMO_PASSWORD:
            rows.append((emails[0], cells[-1]))
    return rows


def company() -> dict[str, object]:
    """Everything a visitor would notice about the demo, in a comparable form."""
    return {
        "organisation": list(Organisation.objects.values_list("name", "timezone", "brand_colour")),
        "logo": Organisation.objects.get().logo.read(),
        "people": [
            (p.name, p.slug, p.title, p.bio, p.timezone, p.user.email, p.photo.read())
            for p in Person.objects.select_related("user").order_by("slug")
        ],
        "users": list(User.objects.order_by("email").values_list("email", "full_name", "role")),
        "delegations": list(
            Delegation.objects.order_by("user__email").values_list("user__email", "person__slug")
        ),
        "accounts": list(
            ChannelAccount.objects.order_by("person__slug", "network").values_list(
                "person__slug", "network", "handle", "profile_url"
            )
        ),
    }


def test_it_signs_in_every_printed_login_with_the_printed_password_to_its_home():
    output = run("--quiet")
    logins = printed_logins(output)

    assert len(logins) == 12  # administrator, comms, approver, 8 executives, the assistant
    roles = {User.objects.get(email=email).role for email, _ in logins}
    assert roles == set(Role.values)
    for email, password in logins:
        cache.clear()  # sign-in rate limits count per address; this test signs in twelve times
        client = Client()
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        assert response.status_code == 302, f"{email} could not sign in"
        role = Role(User.objects.get(email=email).role)
        assert client.get("/").url == reverse(HOME_URL_NAME[role])


def test_it_gives_every_executive_a_sign_in_and_the_ceo_an_assistant():
    run("--quiet")

    people = list(Person.objects.select_related("user").order_by("pk"))
    assert len(people) == 8
    assert all(p.user is not None and p.user.role == Role.EXECUTIVE for p in people)
    ceo = people[0]
    assert ceo.title == "Chief Executive Officer"
    delegation = Delegation.objects.get(person=ceo)
    assert delegation.kind == Delegation.Kind.ASSISTANT
    assert not Person.objects.filter(
        user=delegation.user
    ).exists()  # an assistant, not an executive
    assert User.objects.filter(role=Role.ADMIN, is_staff=True).count() == 1
    assert User.objects.filter(role=Role.COMMS).count() == 1
    assert User.objects.filter(role=Role.APPROVER).count() == 1


def test_it_writes_believable_people():
    run("--quiet")

    org = Organisation.objects.get()
    assert org.name == "Harbour & Pine Hotels"
    assert org.brand_colour.startswith("#")
    titles = list(Person.objects.order_by("pk").values_list("title", flat=True))
    assert titles[:6] == [
        "Chief Executive Officer",
        "Chief Financial Officer",
        "Chief Operating Officer",
        "Chief Marketing Officer",
        "Chief Technology Officer",
        "Chief People Officer",
    ]
    assert all(title.startswith("President, ") for title in titles[6:])
    names = list(Person.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    for person in Person.objects.all():
        sentences = person.bio.count(". ") + 1
        assert 2 <= sentences <= 4, person.bio
        assert person.bio.startswith(("I ", "My ", "As ", "Hospitality")), person.bio
        person.full_clean()  # time zone, slug and lengths are all valid


def test_it_makes_the_same_company_from_the_same_seed():
    run("--seed", "7", "--quiet")
    first = company()

    run("--seed", "7", "--reset", "--quiet")

    assert company() == first


def test_it_makes_different_people_from_a_different_seed():
    run("--seed", "7", "--quiet")
    first = set(Person.objects.values_list("name", flat=True))

    run("--seed", "8", "--reset", "--quiet")

    assert set(Person.objects.values_list("name", flat=True)) != first


def test_it_scales_people_and_users_with_size():
    output = run("--size", "3", "--quiet")

    assert Person.objects.count() == 24
    assert Person.objects.filter(user__isnull=True).count() == 0
    for role in (Role.ADMIN, Role.COMMS, Role.APPROVER):
        assert User.objects.filter(role=role).count() == 3
    assert Delegation.objects.count() == 3
    assert len(set(Person.objects.values_list("name", flat=True))) == 24
    assert "more demo users with the same password" in output


def test_it_keeps_existing_data_when_asked_if_empty(organisation, alice):
    output = run("--if-empty")

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Meridian Hotels"]
    assert not Person.objects.exists()
    assert list(User.objects.values_list("email", flat=True)) == ["alice@example.com"]
    assert "keeping it" in output


def test_it_prints_the_logins_again_when_the_demo_exists_and_asked_if_empty():
    first = printed_logins(run("--quiet"))

    output = run("--if-empty")

    assert printed_logins(output) == first
    assert Person.objects.count() == 8
    assert AuditEntry.objects.filter(action="demo.created").count() == 1


def test_it_refuses_to_overwrite_data_without_reset(organisation):
    with pytest.raises(CommandError, match=r"already has data.*--reset"):
        run()
    assert not Person.objects.exists()


def test_it_replaces_existing_data_with_reset(organisation, alice):
    run("--reset", "--quiet")

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Harbour & Pine Hotels"]
    assert not User.objects.filter(email="alice@example.com").exists()


def test_it_refuses_contradicting_or_bad_options():
    with pytest.raises(CommandError, match="contradict"):
        run("--reset", "--if-empty")
    with pytest.raises(CommandError, match="--size 0"):
        run("--size", "0")
    assert not Organisation.objects.exists()


def test_it_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PODIUM_ENV=production"):
        run()
    assert not User.objects.exists()


def test_it_records_one_audit_entry_from_the_command_line():
    run("--seed", "5", "--size", "2", "--quiet")

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.via, entry.actor_label) == ("demo.created", "cli", "Podium")
    assert entry.after["seed"] == 5
    assert entry.after["size"] == 2
    assert entry.after["people"] == 16


def test_it_writes_valid_png_avatars_and_logo():
    run("--quiet")

    pictures = [p.photo for p in Person.objects.all()] + [Organisation.objects.get().logo]
    for picture in pictures:
        data = picture.read()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(data))
        image.verify()
        assert image.format == "PNG"
        assert image.size == (256, 256)


def test_it_draws_the_same_avatar_for_the_same_name():
    assert initials_avatar("Ana Ruiz") == initials_avatar("Ana Ruiz")
    assert initials_avatar("Ana Ruiz") != initials_avatar("Ben Ruiz")
    logo = Image.open(io.BytesIO(monogram_logo("HP", colour="#0f5e63")))
    assert logo.getpixel((128, 10))[3] == 255  # opaque inside the square
    assert logo.getpixel((0, 0))[3] == 0  # transparent beyond its rounded corner


def test_it_gives_executives_demo_channel_accounts_on_example_domains():
    run("--quiet")

    accounts = list(ChannelAccount.objects.select_related("person"))
    assert {a.network for a in accounts} == set(Network.values)
    assert all(a.status == ChannelAccount.Status.DEMO for a in accounts)
    assert all(urlparse(a.profile_url).hostname.endswith(".example") for a in accounts)
    ceo = Person.objects.get(title="Chief Executive Officer")
    assert set(ceo.channel_accounts.values_list("network", flat=True)) == set(Network.values)
    assert all(
        p.channel_accounts.filter(network=Network.LINKEDIN).exists() for p in Person.objects.all()
    )


def test_it_lists_its_steps_as_importable_modules_with_populate():
    import importlib

    for path in STEPS:
        module = importlib.import_module(path)
        assert callable(module.populate), path
