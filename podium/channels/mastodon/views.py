"""Connecting a Mastodon account: ask for the instance, send the person there, take the code.

The state sent to the instance is random and kept in the session with the person and the
app it is for; the callback accepts only a state it handed out, once.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import Role
from podium.channels.actions import do_connect_account
from podium.channels.base import ChannelError
from podium.channels.mastodon import oauth
from podium.channels.mastodon.client import InstanceError
from podium.channels.models import ChannelAccount, Network, OAuthApp
from podium.org.access import access_person
from podium.org.models import Person

SESSION_KEY = "mastodon_oauth"
MAX_PENDING = 5  # sign-ins started in other tabs that may still come back


class InstanceForm(forms.Form):
    instance = forms.CharField(
        label="Your Mastodon server",
        max_length=300,
        help_text="The address of the server your account is on, e.g. mastodon.social, "
        "or your full handle, e.g. @you@mastodon.social.",
        widget=forms.TextInput(attrs={"placeholder": "mastodon.social", "autocomplete": "url"}),
    )


def _person(request: SignedInRequest) -> Person:
    slug = request.GET.get("person") or request.POST.get("person")
    if slug:
        return access_person(request.user, slug, for_edit=True)
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404("Whose account? Open this page from their channels page.")
    return person


@role_required(set(Role))
def connect(request: SignedInRequest) -> HttpResponse:
    person = _person(request)
    reconnecting = person.channel_accounts.filter(
        network=Network.MASTODON, status=ChannelAccount.Status.NEEDS_RECONNECT
    ).first()
    initial = {"instance": reconnecting.instance_url} if reconnecting else None
    form = InstanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            base_url = oauth.instance_url(form.cleaned_data["instance"])
            app = oauth.app_for(base_url, oauth.redirect_uri())
            state = secrets.token_urlsafe(32)
            url = oauth.authorize_url(app, state)
        except InstanceError as error:
            form.add_error("instance", str(error))
        except ChannelError as error:
            form.add_error("instance", f"Podium could not register with that server: {error}")
        else:
            pending = request.session.get(SESSION_KEY, {})
            pending = dict(list(pending.items())[-(MAX_PENDING - 1) :])
            pending[state] = {"person": person.pk, "app": app.pk}
            request.session[SESSION_KEY] = pending
            return redirect(url)
    return render(
        request,
        "channels/mastodon/connect.html",
        {
            "title": "Connect Mastodon",
            "person": person,
            "own": person.user_id == request.user.pk,
            "form": form,
            "reconnecting": reconnecting,
        },
    )


@role_required(set(Role))
def callback(request: SignedInRequest) -> HttpResponse:
    pending = request.session.get(SESSION_KEY, {})
    flow = pending.pop(request.GET.get("state", ""), None)
    request.session[SESSION_KEY] = pending
    if flow is None:
        messages.error(
            request, "That Mastodon sign-in was not started here or was already used. Try again."
        )
        return redirect("channels-list-accounts")
    person = Person.objects.filter(pk=flow["person"]).first()
    if person is None:
        raise Http404("That person is no longer on the roster.")
    # The user may have lost access to this executive since starting.
    person = access_person(request.user, person.slug, for_edit=True)
    back = redirect("channels-list-accounts-of", slug=person.slug)
    if request.GET.get("error") or not request.GET.get("code"):
        messages.warning(request, "Mastodon did not authorise Podium, so nothing was connected.")
        return back
    app = OAuthApp.objects.get(pk=flow["app"])
    try:
        signed_in = oauth.sign_in(app, request.GET["code"])
    except ChannelError as error:
        messages.error(request, f"Connecting Mastodon failed: {error.message}")
        return back
    account = do_connect_account(
        request.user,
        person,
        Network.MASTODON,
        handle=signed_in.handle,
        instance_url=app.instance_url,
        remote_account_id=signed_in.remote_account_id,
        access_token=signed_in.access_token,
        scopes=signed_in.scopes,
        max_chars=signed_in.max_chars,
        profile_url=signed_in.profile_url,
    )
    messages.success(request, f"Mastodon account {account.handle} is connected.")
    return back
