"""Signing an executive in on their own instance: app registration and the authorization code.

Mastodon has no central app registry: Podium registers itself on each instance the first
time someone connects from it (one OAuthApp per instance and redirect URI), then sends the
person to that instance's authorize page and exchanges the code it gives back for a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from mastodon import Mastodon

from podium.channels.base import ChannelError
from podium.channels.mastodon.client import (
    TIMEOUT,
    USER_AGENT,
    InstanceError,
    _Session,
    allow_http,
    allow_private,
    call,
    check_public,
    make_client,
)
from podium.channels.models import ChannelAccount, Network, OAuthApp

APP_NAME = "Podium"
SCOPES = ["read", "write"]
DEFAULT_MAX_CHARS = 500
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$")
_LOCAL_HOST = re.compile(r"^(localhost|\d{1,3}(\.\d{1,3}){3})(:\d+)?$")


def instance_url(text: str) -> str:
    """The instance's base URL from what a person types: a domain, a URL or @user@domain."""
    text = text.strip()
    if text.count("@") >= 1 and "://" not in text:
        text = text.rsplit("@", 1)[1]  # @erin@social.example → social.example
    scheme = "https"
    if "://" in text:
        parts = urlsplit(text)
        scheme, text = parts.scheme.lower(), parts.netloc
    host = text.strip("/").lower()
    try:
        host = host.encode("idna").decode("ascii")  # a server name in any script
    except UnicodeError:
        raise InstanceError(f"{text!r} is not a server name, e.g. mastodon.social.") from None
    if scheme == "http" and allow_private():
        pass  # local test and development servers only
    elif scheme != "https":
        raise InstanceError("Use the instance's https:// address.")
    if not (_HOST.match(host) or (allow_private() and _LOCAL_HOST.match(host))):
        raise InstanceError(f"{host or text!r} is not a server name, e.g. mastodon.social.")
    return f"{scheme}://{host}"


def redirect_uri() -> str:
    """Podium's callback, registered with every instance's app."""
    return settings.PODIUM_BASE_URL + reverse("channels-mastodon-callback")


def app_for(base_url: str, redirect_uri: str) -> OAuthApp:
    """Podium's registration on the instance, made on first use."""
    app = OAuthApp.objects.filter(
        network=Network.MASTODON, instance_url=base_url, redirect_uri=redirect_uri
    ).first()
    if app is not None:
        return app
    check_public(base_url)
    session = _Session()
    client_id, client_secret = call(
        Mastodon(api_base_url=base_url, session=session),
        lambda: Mastodon.create_app(
            APP_NAME,
            scopes=SCOPES,
            redirect_uris=redirect_uri,
            api_base_url=base_url,
            request_timeout=TIMEOUT,  # type: ignore[arg-type]  # requests takes (connect, read)
            session=session,
            user_agent=USER_AGENT,
        ),
        sent=False,
    )
    try:
        with transaction.atomic():
            return OAuthApp.objects.create(
                network=Network.MASTODON,
                instance_url=base_url,
                client_id=client_id,
                client_secret=client_secret,
                redirect_uri=redirect_uri,
            )
    except IntegrityError:  # someone registered at the same moment: use theirs
        return OAuthApp.objects.get(
            network=Network.MASTODON, instance_url=base_url, redirect_uri=redirect_uri
        )


def authorize_url(app: OAuthApp, state: str) -> str:
    client = make_client(app.instance_url, client_id=app.client_id, client_secret=app.client_secret)
    return call(
        client,
        lambda: client.auth_request_url(
            redirect_uris=app.redirect_uri,
            scopes=SCOPES,
            state=state,
            force_login=True,  # the person may be signed in there as someone else
            allow_http=allow_http(app.instance_url),
        ),
    )


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    scopes: str
    handle: str
    remote_account_id: str
    profile_url: str
    max_chars: int


def sign_in(app: OAuthApp, code: str) -> SignedIn:
    """Exchange the authorization code, then read who signed in and the instance's limit."""
    client = make_client(app.instance_url, client_id=app.client_id, client_secret=app.client_secret)
    try:
        token = client.log_in(
            code=code,
            redirect_uri=app.redirect_uri,
            scopes=SCOPES,
            allow_http=allow_http(app.instance_url),
        )
    except ValueError as error:  # Mastodon.py wraps every refusal of the code this way
        raise ChannelError(
            "The instance did not accept the sign-in. Try connecting again."
        ) from error
    me_client = make_client(app.instance_url, access_token=token)
    me = call(me_client, me_client.account_verify_credentials)
    host = urlsplit(app.instance_url).netloc
    return SignedIn(
        access_token=token,
        scopes=" ".join(SCOPES),
        handle=f"@{me['username']}@{host}",
        remote_account_id=str(me["id"]),
        profile_url=me.get("url") or "",
        max_chars=max_characters(me_client),
    )


def max_characters(client: Mastodon) -> int:
    """The instance's post length limit (v2 instance, else v1, else Mastodon's 500)."""
    for read in (client.instance_v2, client.instance_v1):
        try:
            info = call(client, read)
        except ChannelError:
            continue
        configuration = info.get("configuration") or {}
        statuses = configuration.get("statuses") or {}
        value = statuses.get("max_characters") or info.get("max_toot_chars")
        if value:
            return int(value)
    return DEFAULT_MAX_CHARS


def revoke(account: ChannelAccount) -> None:
    """Revoke the account's token on its instance (`POST /oauth/revoke`); ChannelError if not.

    Mastodon revokes a token only for the app it was issued to: Podium's registration on that
    instance (the one for today's callback address, else the latest one).
    """
    apps = OAuthApp.objects.filter(network=Network.MASTODON, instance_url=account.instance_url)
    app = apps.filter(redirect_uri=redirect_uri()).first() or apps.order_by("-created_at").first()
    if app is None:
        host = urlsplit(account.instance_url).netloc or "the instance"
        raise ChannelError(f"Podium has no registration on {host} left to revoke with")
    try:
        client = make_client(
            app.instance_url,
            access_token=account.access_token,
            client_id=app.client_id,
            client_secret=app.client_secret,
        )
    except InstanceError as error:
        raise ChannelError(str(error)) from error
    call(client, lambda: client.revoke_access_token(allow_http=allow_http(app.instance_url)))
