"""Connecting an executive's LinkedIn account (GET ?person=<slug>, then LinkedIn's callback).

The flow itself is shared (podium/channels/oauth_views.py); LinkedIn differs in using no PKCE
(a confidential client), reading the member from OpenID Connect's userinfo, and needing the
w_member_social permission to post.
"""

from __future__ import annotations

from django.conf import settings

from podium.channels import oauth2
from podium.channels.linkedin import oauth
from podium.channels.models import Network
from podium.channels.oauth_views import Account, OAuthNetwork, callback_view, connect_view


def _exchange(code: str, pending: oauth2.Pending) -> oauth2.TokenSet:
    return oauth.exchange_code(code, pending.redirect_uri)


def _read_account(tokens: oauth2.TokenSet) -> Account:
    member = oauth.member(tokens)
    if oauth.WRITE_SCOPE not in tokens.scopes.split():
        raise oauth2.OAuthRefused(
            f"LinkedIn did not grant Podium the {oauth.WRITE_SCOPE} permission, which posting "
            "needs: connect again and allow posting; if LinkedIn does not offer it, an "
            'administrator must add the "Share on LinkedIn" product to Podium\'s LinkedIn app.'
        )
    return Account(handle=member["name"], remote_account_id=member["id"])


LINKEDIN = OAuthNetwork(
    network=Network.LINKEDIN,
    label=oauth.LABEL,
    authorize_url=oauth.AUTHORIZE_URL,
    scopes=oauth.SCOPES,
    pkce=False,
    configured=oauth.configured,
    client_id=lambda: settings.LINKEDIN_CLIENT_ID,
    not_configured=(
        "LinkedIn is not set up on this Podium yet: an administrator must register an app "
        "with LinkedIn and set PODIUM_LINKEDIN_CLIENT_ID and PODIUM_LINKEDIN_CLIENT_SECRET."
    ),
    exchange=_exchange,
    read_account=_read_account,
)

connect = connect_view(LINKEDIN)
callback = callback_view(LINKEDIN)
