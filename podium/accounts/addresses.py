"""Where a request came from: one answer for sign-in and comment limits and the audit log.

Behind a reverse proxy every request reaches Podium from the proxy's address, and the visitor's
is in `X-Forwarded-For`. That header is only believed when the request comes from a proxy listed
in `PODIUM_TRUSTED_PROXIES`: anyone else could write whatever they like in it. Each proxy appends
the address it saw, so the visitor is the right-most address that is not one of our proxies
(what a client wrote at the left is ignored).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # settings.py imports parse_networks: keep this module light
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """`10.0.0.5`, `10.0.0.0/8`, `fd00::/8` as networks; ValueError names the one not understood."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"{value!r} is not an address or a network: write it as 10.0.0.5 or 10.0.0.0/8"
            ) from None
    return networks


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest | None) -> str | None:
    """The visitor's address: REMOTE_ADDR, or the one our trusted proxies say they served."""
    if request is None:
        return None
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    if not _is_trusted(peer):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(hop)
        if address is None:
            break  # a garbled header: the proxy is the last address we can vouch for
        if not _is_trusted(address):
            return str(address)
        peer = address
    return str(peer)
