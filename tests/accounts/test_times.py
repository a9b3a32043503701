"""Account pages print times in the organisation's time zone, with the UTC instant on hover."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken, User
from podium.org.models import Organisation

INSTANT = dt.datetime(2026, 11, 23, 8, 14, 7, tzinfo=dt.UTC)


def test_the_user_list_shows_last_sign_in_in_the_organisations_zone(client, alice, carol):
    Organisation.objects.update(timezone="Europe/Paris")
    User.objects.filter(pk=carol.pk).update(last_login=INSTANT)
    client.force_login(alice)

    html = client.get(reverse("accounts-list-users")).content.decode()

    assert 'title="2026-11-23 08:14:07 UTC">23 Nov 2026, 09:14 CET</time>' in html


def test_the_user_page_shows_last_sign_in_in_the_organisations_zone(client, alice, carol):
    Organisation.objects.update(timezone="America/New_York")
    User.objects.filter(pk=carol.pk).update(last_login=INSTANT)
    client.force_login(alice)

    html = client.get(reverse("accounts-edit-user", args=[carol.pk])).content.decode()

    assert "23 Nov 2026, 03:14 EST</time>" in html


def test_the_token_list_shows_last_use_in_the_organisations_zone(client, carol):
    Organisation.objects.update(timezone="Asia/Tokyo")
    token, _secret = do_create_token(carol, "CRM sync")
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.UTC), last_used_at=INSTANT
    )
    client.force_login(carol)

    html = client.get(reverse("accounts-list-tokens")).content.decode()

    assert "23 Nov 2026, 17:14 JST</time>" in html
    assert ">23 Nov 2026</time>" in html  # created late on the 22nd UTC: the 23rd in Tokyo
