"""Personas shared by every test: one user per role, and the executives they work with.

alice is the administrator, carol the communications manager, arthur the approver,
erin an executive with her own sign-in, and ian an executive's assistant (who acts for erin).
"""

from __future__ import annotations

import pytest

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.org.models import Delegation, Organisation, Person
from tests.browser.support import browser, page, phone  # noqa: F401 - shared fixtures

PASSWORD = "correct horse battery"


def make_user(email: str, name: str, role: Role) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, full_name=name, role=role)


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="Meridian Hotels", timezone="Europe/London")


@pytest.fixture
def alice(organisation) -> User:
    return make_user("alice@example.com", "Alice Admin", Role.ADMIN)


@pytest.fixture
def carol(organisation) -> User:
    return make_user("carol@example.com", "Carol Comms", Role.COMMS)


@pytest.fixture
def arthur(organisation) -> User:
    return make_user("arthur@example.com", "Arthur Approver", Role.APPROVER)


@pytest.fixture
def erin(organisation) -> User:
    user = make_user("erin@example.com", "Erin Executive", Role.EXECUTIVE)
    Person.objects.create(name="Erin Executive", title="Chief Executive Officer", user=user)
    return user


@pytest.fixture
def ian(erin) -> User:
    """An assistant: an executive-role user who acts for erin."""
    user = make_user("ian@example.com", "Ian Assistant", Role.EXECUTIVE)
    Delegation.objects.create(person=erin.person, user=user, kind=Delegation.Kind.ASSISTANT)
    return user


@pytest.fixture
def frank(organisation) -> User:
    """Another executive, with no link to erin: sees none of her things."""
    user = make_user("frank@example.com", "Frank Finance", Role.EXECUTIVE)
    Person.objects.create(name="Frank Finance", title="Chief Financial Officer", user=user)
    return user
