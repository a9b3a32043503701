"""Encryption at rest for secrets Podium must keep (channel tokens, client secrets).

Keys come from settings.FERNET_KEYS (the `PODIUM_FERNET_KEYS` environment variable): the first
key encrypts, every key decrypts. To rotate, prepend a new key, run `podium rotate_fernet_keys`
(which re-encrypts every stored value with the new key), then drop the old key.

A key is normally a Fernet key (`podium generate_fernet_key`). Any other string (the random seed
kept under var/ in development) is turned into a valid key with SHA-256; production refuses such
strings (see podium.lib.config.check_fernet_keys).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class DecryptionError(Exception):
    """The stored value cannot be read back with any of the configured keys."""


def is_fernet_key(key: str) -> bool:
    """True when KEY is a real Fernet key: 32 bytes in URL-safe base64."""
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False


def fernet_key(key: str) -> bytes:
    """KEY itself when it is a Fernet key, otherwise a Fernet key derived from it."""
    if is_fernet_key(key):
        return key.encode("ascii")
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode("utf-8")).digest())


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise DecryptionError(
            "No encryption key is configured: set PODIUM_FERNET_KEYS "
            "(generate one with `podium generate_fernet_key`)"
        )
    return MultiFernet([Fernet(fernet_key(key)) for key in keys])


def _fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.FERNET_KEYS))


def encrypt(text: str) -> str:
    """TEXT encrypted with the first key, as an ASCII token safe to store in a text column."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text inside TOKEN; DecryptionError when it was altered or no key matches."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError(
            "An encrypted value cannot be decrypted: it was altered, or it was encrypted with "
            "a key that is no longer in PODIUM_FERNET_KEYS (put the old key back at the end)"
        ) from None


def rotate(token: str) -> str:
    """TOKEN re-encrypted with the first key (after a new key was prepended)."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError(
            "An encrypted value cannot be rotated: no key in PODIUM_FERNET_KEYS decrypts it"
        ) from None


class SecretText(str):
    """A decrypted secret: an ordinary string whose repr never shows the value.

    Debug pages, `repr(obj)` and `logger.debug("%r", ...)` print `SecretText('***')`.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "SecretText('***')"


class EncryptedTextField(models.TextField):
    """A text column holding ciphertext; reading the model attribute gives the plaintext.

    The value is encrypted on every save with the current first key. Empty strings and NULL are
    stored as they are, so "not set" stays visible in the database without revealing anything.
    Ciphertext differs on every save, so the column cannot be filtered on.
    """

    description = "Text encrypted at rest with PODIUM_FERNET_KEYS"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> SecretText | None:
        if value is None:
            return None
        if value == "":
            return SecretText("")
        return SecretText(decrypt(value))

    def to_python(self, value: Any) -> SecretText | None:
        if value is None or isinstance(value, SecretText):
            return value
        return SecretText(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
