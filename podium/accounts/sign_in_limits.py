"""Sign-in limits that slow a password guesser without locking the owner out.

Wrong passwords are counted three ways, each over a sliding window:

- one account from one address (the pair): after 3 failures the next try waits 5 s, after 4 it
  waits 30 s, and after 5 that address is refused for that account until the oldest failure is
  an hour old (a password reset from the email link clears it). Someone hammering an
  executive's account from their own machine so refuses only themselves: the executive, from
  her own address, signs in as usual;
- one account from everywhere: 100 failures an hour, so that guessing from many addresses stays
  hopeless (fewer than 900,000 tries a year) while locking the owner out takes 20 addresses
  working together (5 failures an hour each);
- one address across all accounts: 30 failures an hour, against trying one password on many.

An attempt is counted before the password is checked (so parallel requests cannot slip past a
limit) and given back when the password is right. IPv6 addresses count per /64, the block one
machine usually holds. Counts live in the cache, shared by every web process (Redis in
production).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass, field

# The same short lock allauth's own rate limits take around their cache entries.
from allauth.core.internal.ratelimit import cache_lock
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    failures: int
    seconds: int


PER_PAIR = Limit(failures=5, seconds=60 * 60)
PER_ACCOUNT = Limit(failures=100, seconds=60 * 60)
PER_ADDRESS = Limit(failures=30, seconds=60 * 60)
# Failures of one account from one address -> seconds the next try waits after the last one.
SLOW_DOWN = {3: 5, 4: 30}
IPV6_PREFIX = 64


class TooManyAttempts(Exception):  # noqa: N818 - a refusal, not a fault
    """Refused before the password was checked: try again in `wait` seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"try again in {wait} s")
        self.wait = wait


@dataclass(frozen=True)
class Bucket:
    key: str
    limit: Limit
    slow_down: dict[int, int] = field(default_factory=dict)

    def take(self, now: float) -> float | None:
        """Count one attempt at `now`; or, counting nothing, the seconds left to wait."""
        with cache_lock(self.key) as locked:
            if not locked:
                return 1.0  # another attempt holds the count this instant
            history = self._recent(now)
            wait = self._wait(history, now)
            if wait > 0:
                return wait
            cache.set(self.key, [*history, now], self.limit.seconds)
            return None

    def give_back(self, at: float) -> None:
        with cache_lock(self.key) as locked:
            if locked:  # otherwise the count stays one too high for a while: harmless
                history = [t for t in self._recent(time.time()) if t != at]
                cache.set(self.key, history, self.limit.seconds)

    def _recent(self, now: float) -> list[float]:
        return [t for t in cache.get(self.key, []) if t > now - self.limit.seconds]

    def _wait(self, history: list[float], now: float) -> float:
        if len(history) >= self.limit.failures:
            return min(history) + self.limit.seconds - now
        pause = self.slow_down.get(len(history), 0)
        return max(history) + pause - now if pause else 0


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt being counted; `rollback()` when the password was right."""

    buckets: tuple[Bucket, ...]
    at: float

    def rollback(self) -> None:
        for bucket in self.buckets:
            bucket.give_back(self.at)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def address_block(address: str | None) -> str:
    """The address as counted: IPv4 as it is, IPv6 as its /64."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)


def _buckets(email: str, address: str) -> tuple[Bucket, ...]:
    # Most specific first: an address refused for one account does not count elsewhere.
    return (
        Bucket(f"podium:sign-in:pair:{_digest(email, address)}", PER_PAIR, SLOW_DOWN),
        Bucket(f"podium:sign-in:address:{_digest(address)}", PER_ADDRESS),
        Bucket(f"podium:sign-in:account:{_digest(email)}", PER_ACCOUNT),
    )


def begin_attempt(email: str, address: str | None) -> Attempt:
    """Count a sign-in to `email` from `address`, or raise TooManyAttempts (nothing counted)."""
    now = time.time()
    taken: list[Bucket] = []
    for bucket in _buckets(email.strip().lower(), address_block(address)):
        wait = bucket.take(now)
        if wait is not None:
            Attempt(tuple(taken), now).rollback()
            raise TooManyAttempts(max(1, math.ceil(wait)))
        taken.append(bucket)
    return Attempt(tuple(taken), now)


def forget_failures(email: str, address: str | None) -> None:
    """The owner proved it is them (a password reset from the email): their address starts afresh.

    The account's and the address's counts stay, so a reset does not help anyone guess faster.
    """
    pair = _buckets(email.strip().lower(), address_block(address))[0]
    with cache_lock(pair.key) as locked:
        if locked:
            cache.delete(pair.key)
