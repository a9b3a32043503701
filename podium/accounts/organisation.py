"""What accounts asks of the organisation: its name (in emails, which are rendered without a
request) and whether it requires two-factor sign-in of everyone.

The organisation lives in org, which sits above accounts (it names people and who acts for
them, who are users), so accounts does not import it: org tells it whom to ask when Django
starts (OrgConfig.ready). Before an organisation is set up the name is "Podium" and two-factor
is not required of everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class Organisation(Protocol):
    name: str
    require_two_factor: bool


_current: Callable[[], Organisation | None] | None = None


def register(current: Callable[[], Organisation | None]) -> None:
    global _current  # set once at start-up, by the org app
    _current = current


def _organisation() -> Organisation | None:
    if _current is None:
        raise ImproperlyConfigured("podium.org is not in INSTALLED_APPS: no organisation to ask.")
    return _current()


def name() -> str:
    org = _organisation()
    return org.name if org else "Podium"


def requires_two_factor() -> bool:
    org = _organisation()
    return bool(org and org.require_two_factor)
