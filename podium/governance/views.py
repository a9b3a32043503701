from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.accounts.permissions import role_required
from podium.accounts.roles import Role


@role_required(set(Role))
def approver_home(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html", {"title": "Approvals"})


list_audit = approver_home


def export_audit(request: HttpRequest, fmt: str) -> HttpResponse:
    return approver_home(request)
