"""Connecting a member's LinkedIn account: 3-legged OAuth with OpenID Connect.

Scopes: `openid profile` (the member id, `sub`, and name from /v2/userinfo) and
`w_member_social` (posting on the member's own profile). LinkedIn's access tokens live 60
days; only apps LinkedIn has approved for it get refresh tokens. Without one, the token
cannot be renewed: `fresh_token()` raises AuthExpired once it has expired, which marks the
account "needs reconnecting" and holds what is scheduled for it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from podium.channels import oauth2
from podium.channels.base import AuthExpired
from podium.channels.linkedin.client import LinkedInClient
from podium.channels.models import ChannelAccount

AUTHORIZE_URL = "https://www.linkedin.com/oauth/v2/authorization"
TOKEN_URL = "https://www.linkedin.com/oauth/v2/accessToken"  # noqa: S105 - a URL, not a secret
USERINFO_URL = "https://api.linkedin.com/v2/userinfo"
WRITE_SCOPE = "w_member_social"
SCOPES = ["openid", "profile", WRITE_SCOPE]
LABEL = "LinkedIn"
REFRESH_MARGIN = oauth2.REFRESH_MARGIN  # used by expiry.py too


def configured() -> bool:
    return bool(settings.LINKEDIN_CLIENT_ID and settings.LINKEDIN_CLIENT_SECRET)


def exchange_code(code: str, redirect_uri: str) -> oauth2.TokenSet:
    body = oauth2.token_request(
        TOKEN_URL,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": settings.LINKEDIN_CLIENT_ID,
            "client_secret": settings.LINKEDIN_CLIENT_SECRET,
        },
        label=LABEL,
    )
    return oauth2.TokenSet.from_response(body)


def member(tokens: oauth2.TokenSet) -> dict[str, str]:
    """The member's id (`sub`) and name, from the OpenID Connect userinfo endpoint."""
    client = LinkedInClient(tokens.access_token)
    info = client.call("GET", USERINFO_URL, what="reading the member's profile").json()
    return {"id": str(info["sub"]), "name": str(info.get("name") or info["sub"])}


def refresh(account: ChannelAccount) -> None:
    client = {
        "client_id": settings.LINKEDIN_CLIENT_ID,
        "client_secret": settings.LINKEDIN_CLIENT_SECRET,
    }
    oauth2.refresh_tokens(account, TOKEN_URL, client, label=LABEL)


def fresh_token(account: ChannelAccount, *, force: bool = False) -> str:
    """The account's access token, refreshed first if it is about to expire (or `force`)."""
    if not (force or oauth2.expiring(account)):
        return account.access_token
    expires = account.token_expires_at
    if not account.refresh_token:
        if force:
            raise AuthExpired("LinkedIn no longer accepts Podium's access: reconnect LinkedIn")
        when = timezone.localtime(expires).strftime("%-d %B %Y") if expires else "now"
        raise AuthExpired(
            f"LinkedIn access expired on {when} (LinkedIn gives 60-day access without "
            "renewal to this app): reconnect LinkedIn"
        )
    refresh(account)
    return account.access_token
