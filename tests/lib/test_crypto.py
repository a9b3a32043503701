"""Secrets encrypted at rest: round trip, key rotation, tampering, the model field."""

from __future__ import annotations

import base64
import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from podium.lib.crypto import (
    DecryptionError,
    EncryptedTextField,
    decrypt,
    encrypt,
    fernet_key,
    generate_key,
    is_fernet_key,
    rotate,
)

OLD_KEY = generate_key()
NEW_KEY = generate_key()


class SecretNote(models.Model):
    """A model that exists only in these tests, to store an encrypted column for real."""

    label = models.CharField(max_length=20)
    token = EncryptedTextField(blank=True, null=True)

    class Meta:
        app_label = "system"

    def __str__(self) -> str:
        return self.label


@pytest.fixture
def secret_notes(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(SecretNote)
    yield SecretNote
    with connection.schema_editor() as editor:
        editor.delete_model(SecretNote)


def test_it_decrypts_what_it_encrypted(settings) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    token = encrypt("mastodon-access-token-é")
    assert "mastodon" not in token
    assert decrypt(token) == "mastodon-access-token-é"


def test_it_encrypts_the_same_text_differently_each_time(settings) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    assert encrypt("same") != encrypt("same")


def test_it_still_decrypts_old_values_after_a_new_key_is_prepended(settings) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    old_token = encrypt("written before the rotation")

    settings.FERNET_KEYS = [NEW_KEY, OLD_KEY]
    assert decrypt(old_token) == "written before the rotation"
    rotated = rotate(old_token)

    settings.FERNET_KEYS = [NEW_KEY]  # the old key is retired once values are rotated
    assert decrypt(rotated) == "written before the rotation"
    with pytest.raises(DecryptionError):
        decrypt(old_token)


def test_it_refuses_a_tampered_value_with_a_clear_error(settings) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    token = encrypt("secret")
    raw = bytearray(base64.urlsafe_b64decode(token))
    raw[40] ^= 0x01  # one bit of the ciphertext flipped
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(DecryptionError, match=r"altered.*PODIUM_FERNET_KEYS"):
        decrypt(tampered)


def test_it_refuses_a_value_encrypted_with_an_unknown_key(settings) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    token = encrypt("secret")
    settings.FERNET_KEYS = [NEW_KEY]
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_it_derives_a_valid_key_from_a_development_seed(settings) -> None:
    assert not is_fernet_key("a random seed kept under var/")
    assert is_fernet_key(fernet_key("a random seed kept under var/").decode())
    assert fernet_key(OLD_KEY).decode() == OLD_KEY

    settings.FERNET_KEYS = ["a random seed kept under var/"]
    assert decrypt(encrypt("works in development")) == "works in development"


def test_it_stores_ciphertext_and_reads_back_plaintext(settings, secret_notes) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    note = secret_notes.objects.create(label="mastodon", token="tok-123456")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {secret_notes._meta.db_table}")  # noqa: S608
        (stored,) = cursor.fetchone()
    assert "tok-123456" not in stored
    assert decrypt(stored) == "tok-123456"
    assert secret_notes.objects.get(pk=note.pk).token == "tok-123456"


def test_it_keeps_empty_and_missing_values_as_they_are(settings, secret_notes) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    secret_notes.objects.create(label="empty", token="")
    secret_notes.objects.create(label="missing", token=None)
    assert secret_notes.objects.get(label="empty").token == ""
    assert secret_notes.objects.get(label="missing").token is None


def test_it_never_shows_the_secret_in_repr_or_logs(settings, secret_notes, caplog) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    note = secret_notes.objects.create(label="bluesky", token="app-password-xyz")
    token = secret_notes.objects.get(pk=note.pk).token

    assert "app-password-xyz" not in repr(token)
    assert "app-password-xyz" not in repr(vars(secret_notes.objects.get(pk=note.pk)))
    with caplog.at_level(logging.INFO):
        logging.getLogger("podium.test").info("connected with %r", token)
    assert "app-password-xyz" not in caplog.text


def test_it_reencrypts_stored_values_with_the_new_key(settings, secret_notes) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    secret_notes.objects.create(label="x", token="linkedin-token")
    settings.FERNET_KEYS = [NEW_KEY, OLD_KEY]

    out = io.StringIO()
    call_command("rotate_fernet_keys", stdout=out)

    assert "system.SecretNote: 1 re-encrypted" in out.getvalue()
    settings.FERNET_KEYS = [NEW_KEY]  # the old key can go now
    assert secret_notes.objects.get(label="x").token == "linkedin-token"


def test_it_changes_nothing_when_a_value_cannot_be_decrypted(settings, secret_notes) -> None:
    settings.FERNET_KEYS = [OLD_KEY]
    secret_notes.objects.create(label="x", token="bluesky-password")
    settings.FERNET_KEYS = [NEW_KEY]  # the old key was dropped too early

    with pytest.raises(CommandError, match=r"SecretNote.*PODIUM_FERNET_KEYS.*Nothing"):
        call_command("rotate_fernet_keys", stdout=io.StringIO())

    settings.FERNET_KEYS = [OLD_KEY]
    assert secret_notes.objects.get(label="x").token == "bluesky-password"
