"""Posting slots per executive: their own times, the default, and the page that sets them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from podium.publishing.actions import do_add_slot, next_free_slot, slots_for
from podium.publishing.models import PostingSlot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_default_slots_are_weekdays(erin):
    assert slots_for(erin.person)[0] == ("09:00", "12:30", "17:00")
    assert 5 not in slots_for(erin.person)


def test_podium_posting_slots_sets_the_default_of_those_without_their_own(erin, settings):
    settings.POSTING_SLOTS = ("08:15", "16:00")  # PODIUM_POSTING_SLOTS=08:15,16:00
    assert slots_for(erin.person) == dict.fromkeys(range(5), ("08:15", "16:00"))


def test_own_slots_replace_the_default_and_are_used_in_the_executives_timezone(erin):
    erin.person.timezone = "Asia/Tokyo"
    erin.person.save()
    do_add_slot(erin, erin.person, 5, dt.time(7, 45))
    assert slots_for(erin.person) == {5: ("07:45",)}
    slot = next_free_slot(erin.person).astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert (slot.weekday(), slot.hour, slot.minute) == (5, 7, 45)


def test_the_page_adds_and_removes_slots(client, ian, erin):
    client.login(email=ian.email, password=PASSWORD)
    url = reverse("publishing-edit-slots", args=[erin.person.slug])
    assert "Monday: 09:00, 12:30, 17:00" in client.get(url).content.decode()
    client.post(url, {"weekday": 1, "time": "08:30"})
    slot = PostingSlot.objects.get(person=erin.person)
    assert (slot.weekday, slot.time) == (1, dt.time(8, 30))
    client.post(url, {"remove": slot.pk})
    assert not PostingSlot.objects.exists()


def test_frank_cannot_set_erins_slots(client, erin, frank):
    client.login(email=frank.email, password=PASSWORD)
    url = reverse("publishing-edit-slots", args=[erin.person.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"weekday": 1, "time": "08:30"}).status_code == 404
    assert not PostingSlot.objects.exists()


def test_an_approver_cannot_set_slots(client, arthur, erin):
    client.login(email=arthur.email, password=PASSWORD)
    url = reverse("publishing-edit-slots", args=[erin.person.slug])
    assert client.get(url).status_code == 403
