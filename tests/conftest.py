"""Personas shared by every test: one user per role, and the executives they work with.

alice is the administrator, carol the communications manager, arthur the approver,
erin an executive with her own sign-in, and ian an executive's assistant (who acts for erin).

Every test also starts with an empty cache (rate limits, used TOTP codes), whatever ran before.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.org.models import Delegation, Organisation, Person
from tests.browser.support import browser, page, phone  # noqa: F401 - shared fixtures

PASSWORD = "correct horse battery"
TOTP_PERIOD = 30


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Rate limits count per address and every client is 127.0.0.1: one test's failed sign-ins
    must not lock the next test out, in whatever order they run."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def totp_clock() -> Iterator[time_machine.Traveller]:
    """The clock stopped at the start of the next 30-second TOTP window.

    time-machine stops the whole process's clock, the live server's thread included, so the
    code a test computes is the one Podium checks however slow the machine is. Near the real
    time, so that chromium keeps the session cookie. `totp_clock.shift(TOTP_PERIOD)` turns to
    the next window.
    """
    start = (int(time.time()) // TOTP_PERIOD + 1) * TOTP_PERIOD
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


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
