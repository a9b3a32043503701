from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.accounts.permissions import role_required
from podium.accounts.roles import Role


@role_required({Role.ADMIN})
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html", {"title": "System status"})


ping_worker = status
