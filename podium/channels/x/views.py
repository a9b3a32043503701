"""Connecting an executive's X account (GET ?person=<slug>, then X's callback).

The flow itself is shared (podium/channels/oauth_views.py); X differs in using PKCE, reading
the account from /2/users/me, and in its scopes: posting needs REQUIRED_SCOPES, and without
media.write the account connects with a warning that images will fail.
"""

from __future__ import annotations

from django.conf import settings

from podium.channels import oauth2
from podium.channels.models import Network
from podium.channels.oauth_views import Account, OAuthNetwork, callback_view, connect_view
from podium.channels.x import oauth


def _exchange(code: str, pending: oauth2.Pending) -> oauth2.TokenSet:
    return oauth.exchange_code(code, pending.redirect_uri, pending.verifier)


def _read_account(tokens: oauth2.TokenSet) -> Account:
    info = oauth.me(tokens)
    granted = set(tokens.scopes.split())
    missing = [scope for scope in oauth.REQUIRED_SCOPES if scope not in granted]
    if missing:
        raise oauth2.OAuthRefused(
            f"X did not grant Podium {', '.join(missing)}, which posting needs: connect again "
            "and allow everything Podium asks for."
        )
    warnings: tuple[str, ...] = ()
    if oauth.MEDIA_SCOPE not in granted:
        warnings = (
            f"X did not grant {oauth.MEDIA_SCOPE}: posts with images will fail until X is "
            "connected again with it.",
        )
    return Account(
        handle="@" + info["username"],
        remote_account_id=info["id"],
        profile_url=f"https://x.com/{info['username']}",
        warnings=warnings,
    )


X = OAuthNetwork(
    network=Network.X,
    label=oauth.LABEL,
    authorize_url=oauth.AUTHORIZE_URL,
    scopes=oauth.SCOPES,
    pkce=True,
    configured=oauth.configured,
    client_id=lambda: settings.X_CLIENT_ID,
    not_configured=(
        "X is not set up on this Podium yet: an administrator must register an app with X "
        "and set PODIUM_X_CLIENT_ID and PODIUM_X_CLIENT_SECRET."
    ),
    exchange=_exchange,
    read_account=_read_account,
)

connect = connect_view(X)
callback = callback_view(X)
