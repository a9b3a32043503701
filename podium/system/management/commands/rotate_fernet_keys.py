"""`podium rotate_fernet_keys`: re-encrypt every stored secret with the first key.

Key rotation: 1. prepend a new key to PODIUM_FERNET_KEYS and restart; 2. run this command;
3. remove the old key and restart again.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from podium.lib.crypto import DecryptionError, EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value with the first key of PODIUM_FERNET_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            names = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not names:
                continue
            label = model._meta.label
            try:
                with transaction.atomic():
                    count = 0
                    for row in model._default_manager.only("pk", *names).iterator():
                        # Reading decrypts with any key; update() encrypts with the first one.
                        values = {name: getattr(row, name) for name in names}
                        model._default_manager.filter(pk=row.pk).update(**values)
                        count += 1
            except DecryptionError as error:
                raise CommandError(f"{label}: {error}. Nothing in {label} was changed.") from None
            self.stdout.write(f"{label}: {count} re-encrypted")
            total += count
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total} rows re-encrypted with the first key.")
        )
