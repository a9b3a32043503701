"""Two-factor rules Podium adds to allauth's: who must keep it, and replacing the app.

allauth lets anyone turn their authenticator app off and set a new one up afterwards. For a
person whose administrator requires two-factor sign-in that leaves a window with the password
alone, so they replace the app instead: the new one is confirmed with a code, then takes the
old one's place in one transaction.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from podium.accounts import organisation
from podium.accounts.addresses import client_ip
from podium.accounts.models import User
from podium.governance import audit


def two_factor_required(user: object) -> bool:
    """The administrator requires two-factor sign-in of this person, or of everyone."""
    if getattr(user, "require_two_factor", False):
        return True
    return organisation.requires_two_factor()


@transaction.atomic
def do_replace_totp(user: User, secret: str, *, request: HttpRequest | None = None) -> TOTP:
    """Swap the user's authenticator app for the one holding `secret` (its code was checked).

    Recovery codes stay as they are: they do not depend on the phone.
    """

    old = (
        Authenticator.objects.select_for_update()
        .filter(user=user, type=Authenticator.Type.TOTP)
        .first()
    )
    if old is None:
        raise ValidationError(
            "You have no authenticator app to replace: set one up with 'Set up authenticator "
            "app' instead."
        )
    set_up = old.created_at
    old.delete()
    totp = TOTP.activate(user, secret)
    audit.record(
        actor=user,
        action="user.two_factor_replaced",
        target=user,
        before={"authenticator": "authenticator app", "set_up": set_up.isoformat()},
        after={
            "authenticator": "authenticator app",
            "set_up": totp.instance.created_at.isoformat(),
        },
        ip_address=client_ip(request),
    )
    return totp
