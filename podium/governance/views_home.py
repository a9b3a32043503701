"""The program home: the communications team's start page. It reads several apps (the roster,
the channel accounts, the audit log; cadence and approvals through their template tags), so it
sits here, above them, rather than in org."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import PEOPLE_EDITORS
from podium.channels.models import ChannelAccount
from podium.governance.filters import notable_entries
from podium.org.access import roster
from podium.org.models import Person

ROSTER_ON_HOME = 24


@role_required(PEOPLE_EDITORS)
def program_home(request: SignedInRequest) -> HttpResponse:
    active = Person.objects.filter(is_active=True)
    accounts = ChannelAccount.objects.filter(person__is_active=True).aggregate(
        total=Count("pk"),
        connected=Count("pk", filter=Q(status=ChannelAccount.Status.CONNECTED)),
        needs_reconnect=Count("pk", filter=Q(status=ChannelAccount.Status.NEEDS_RECONNECT)),
        demo=Count("pk", filter=Q(status=ChannelAccount.Status.DEMO)),
    )
    people_count = active.count()
    return render(
        request,
        "governance/program_home.html",
        {
            "title": "Program",
            "roster": roster(active)[:ROSTER_ON_HOME],
            "people_count": people_count,
            "more_people": max(people_count - ROSTER_ON_HOME, 0),
            "accounts": accounts,
            "activity": notable_entries()[:8],
        },
    )
