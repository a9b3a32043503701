"""allauth's two-factor adapter with Podium's rule: required two-factor cannot be turned off."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from podium.accounts.two_factor import two_factor_required


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Your administrator requires two-factor authentication, so it cannot be turned "
            "off. You can replace your authenticator app by setting up the new one first "
            "(“Replace authenticator app”): the old one stops working only once the new one "
            "works."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Recovery codes may be regenerated; a required authenticator app stays.

        An administrator can still reset someone's two-factor sign-in (a lost phone):
        `do_reset_two_factor` does not come through here.
        """
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
