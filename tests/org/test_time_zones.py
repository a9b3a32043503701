"""One rule for an executive's (and the organisation's) time zone, used by compose, the
calendar, cadence and the status page: their own zone, else UTC, never an error."""

from __future__ import annotations

import zoneinfo

import pytest

from podium.org.models import Organisation, Person
from podium.publishing.actions import do_schedule
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_it_uses_the_executives_own_zone(erin):
    Person.objects.filter(user=erin).update(timezone="Asia/Tokyo")

    assert Person.objects.get(user=erin).zone == zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize("name", ["", "Mars/Olympus_Mons"])
def test_it_reads_an_empty_or_unknown_zone_as_utc(erin, name):
    # A zone can vanish from tzdata after it was saved; pages must still open.
    Person.objects.filter(user=erin).update(timezone=name)
    Organisation.objects.update(timezone=name)

    assert Person.objects.get(user=erin).zone == zoneinfo.ZoneInfo("UTC")
    assert Organisation.current().zone == zoneinfo.ZoneInfo("UTC")


@pytest.mark.usefixtures("erin_accounts")
def test_the_status_page_opens_for_an_executive_whose_zone_is_unknown(client, erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    Person.objects.filter(user=erin).update(timezone="Mars/Olympus_Mons")
    client.force_login(erin)

    page = client.get(f"/posts/{post.pk}/")

    assert page.status_code == 200
    assert "(UTC)" in page.content.decode()
