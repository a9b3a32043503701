"""Record keys for Bluesky posts: TIDs that Podium derives from a publication's key.

A TID is a 64-bit number written as 13 characters of sortable base32 ("234567a…z"): the top
bit is 0, then 53 bits of microseconds since the epoch, then a 10-bit clock id. The network
only checks the syntax, and lets the client choose the record key.

Podium does not use the clock. The key of part `n` of a publication is derived from the
publication's idempotency key: the time field is a hash of the key (placed in a plausible span
of years, so the number reads as a time), and the clock id is the part's index, with its top
bit set on the thread's last part. The same publication and part always get the same record
key, so a retry of createRecord can never make a second post, and `find()` can look the parts
up without any state of its own, and tell a whole thread from one cut short.
"""

from __future__ import annotations

import hashlib
import re

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
LENGTH = 13
MAX_PARTS = 1 << 9  # the clock id holds the part index and a "last part" bit
_LAST = 1 << 9
_PATTERN = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")

# Derived times fall in [2023-01-01, 2023-01-01 + 2**48 µs ≈ 8.9 years).
_EPOCH_2023_US = 1_672_531_200 * 1_000_000
_TIME_SPAN_BITS = 48


def encode(value: int) -> str:
    """`value` (0 ≤ value < 2**63) as a 13-character TID; order is kept."""
    if not 0 <= value < 1 << 63:
        raise ValueError("a TID is a 63-bit number")
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(LENGTH)))


def decode(tid: str) -> int:
    if not is_valid(tid):
        raise ValueError(f"{tid!r} is not a TID")
    value = 0
    for char in tid:
        value = value << 5 | ALPHABET.index(char)
    return value


def is_valid(tid: str) -> bool:
    return bool(_PATTERN.match(tid))


def for_part(key: str, part: int, *, last: bool = False) -> str:
    """The record key of part `part` (from 0) of the publication with idempotency key `key`;
    `last` for the thread's last part (a single post is its own last part)."""
    key = str(key)  # a model's UUID default is not a str until it is read back
    if not key:
        raise ValueError("a publication key is needed")
    if not 0 <= part < MAX_PARTS:
        raise ValueError(f"a thread has at most {MAX_PARTS} parts")
    digest = hashlib.sha256(key.encode()).digest()
    micros = _EPOCH_2023_US + (int.from_bytes(digest[:8], "big") >> (64 - _TIME_SPAN_BITS))
    return encode(micros << 10 | (_LAST if last else 0) | part)
