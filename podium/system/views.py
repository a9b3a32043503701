"""System status for administrators: the view renders what status.collect() reports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import USER_ADMINS
from podium.system import status as system_status
from podium.system.tasks import ping


@role_required(USER_ADMINS)
def status(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "system/status.html",
        {"title": "System status", "status": system_status.collect()},
    )


@require_POST
@role_required(USER_ADMINS)
def ping_worker(request: SignedInRequest) -> HttpResponse:
    ping()
    messages.info(
        request,
        "Ping sent. When a worker takes it from the queue, its heartbeat below updates: "
        "reload this page in a few seconds. If nothing changes, start the worker.",
    )
    return redirect("system-status")
