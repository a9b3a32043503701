from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from podium.accounts.permissions import role_required
from podium.accounts.roles import Role


@role_required(set(Role))
def program_home(request: HttpRequest) -> HttpResponse:
    return render(request, "placeholder.html", {"title": "Program"})


executive_home = list_people = create_person = edit_organisation = program_home


def show_person(request: HttpRequest, slug: str) -> HttpResponse:
    return program_home(request)


edit_person = show_person
