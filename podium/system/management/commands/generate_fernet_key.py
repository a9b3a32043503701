"""`podium generate_fernet_key`: print a new key for PODIUM_FERNET_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from podium.lib.crypto import generate_key


class Command(BaseCommand):
    help = (
        "Print a new encryption key for PODIUM_FERNET_KEYS. To rotate keys, put the new key "
        "first and keep the old ones after it, comma-separated."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
