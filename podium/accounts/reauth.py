"""'Confirm it's you' before sensitive account changes (allauth's reauthentication).

Signing in counts as confirming for a few minutes (see `AccountAdapter`); after that, creating
an API token asks for the password (or a two-factor code) again, on the page and in the API.
"""

from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

# allauth asks each app whether it wants reauthentication; this name has no settings module,
# so allauth's answer is always "yes" and our adapter decides by the time since sign-in.
APP = "podium.accounts"

# For POSTs to the tokens page: the typed name is kept and the POST replayed after confirming.
reauthentication_for_writes = reauthentication_required(allow_get=True, app=APP)


def needs_reauthentication(request: HttpRequest) -> bool:
    return is_reauthentication_required(request, app=APP)


def reauthenticate_hint(next_path: str) -> str:
    """Where to confirm it's you, and for how long that counts."""
    minutes = max(1, account_settings.REAUTHENTICATION_TIMEOUT // 60)
    url = f"{reverse('account_reauthenticate')}?{urlencode({'next': next_path})}"
    return f"confirm it's you at {url}, then try again within {minutes} minutes"
