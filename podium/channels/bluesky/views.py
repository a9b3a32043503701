"""Connecting a Bluesky account with an app password."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.channels.actions import do_connect_account
from podium.channels.base import AuthExpired, ChannelError
from podium.channels.bluesky.forms import ConnectForm
from podium.channels.bluesky.session import (
    MainPasswordRefusedError,
    ServerNotAllowedError,
    create_session,
)
from podium.channels.models import Network
from podium.org.access import access_person
from podium.org.models import Person


def _person(request: SignedInRequest) -> Person:
    slug = request.GET.get("person", "")
    if not slug:
        own = Person.objects.filter(user=request.user).first()
        if own is None:
            raise Http404("Say whose account to connect.")
        slug = own.slug
    return access_person(request.user, slug, for_edit=True)


@role_required(set(Role))
def connect(request: SignedInRequest) -> HttpResponse:
    """GET shows the form; POST signs in, keeps the session (not the password), and returns."""
    person = _person(request)
    form = ConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tokens = create_session(data["service_url"], data["handle"], data["app_password"])
        except MainPasswordRefusedError as error:
            form.add_error("app_password", str(error))
        except ServerNotAllowedError as error:
            form.add_error("service_url", f"Podium does not call this server: {error}.")
        except AuthExpired:
            form.add_error(
                None,
                "Bluesky did not accept this handle and app password. Check both, or create "
                "a new app password.",
            )
        except ChannelError as error:
            form.add_error(
                "service_url", f"Podium could not sign in at this server: {error.message}"
            )
        else:
            account = do_connect_account(
                request.user,
                person,
                Network.BLUESKY,
                handle=tokens.handle,
                instance_url=tokens.pds_url,
                remote_account_id=tokens.did,
                access_token=tokens.access_jwt,
                refresh_token=tokens.refresh_jwt,
                token_expires_at=tokens.expires_at,
                scopes=tokens.scope,
                profile_url=f"https://bsky.app/profile/{tokens.handle}",
            )
            messages.success(request, f"Bluesky account {account.handle} is connected.")
            return redirect("channels-list-accounts-of", slug=person.slug)
    return render(
        request,
        "channels/bluesky/connect.html",
        {"title": "Connect Bluesky", "person": person, "form": form},
    )
