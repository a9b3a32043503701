"""`podium demo`: fill an empty installation with a believable company and print its logins."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from podium.accounts.models import User
from podium.system import demo


class Command(BaseCommand):
    help = (
        "Create a demo organisation (executives, users for every role, channel accounts), "
        "the same for the same seed, and print the logins."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=1,
            help="Scale: 1 is the evaluation demo (8 executives); N makes 8 x N executives "
            "and N users of each other role, for benchmarks.",
        )
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="The same seed, the same company."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL of Podium's data first (users and audit log included).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Create the demo only when the database is empty; otherwise keep the data and "
            "print the demo logins.",
        )
        parser.add_argument("--quiet", action="store_true", help="Print no progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        size, seed = options["size"], options["seed"]
        if size < 1:
            raise CommandError(f"--size {size}: use 1 or more (1 is the evaluation demo).")
        if options["reset"] and options["if_empty"]:
            raise CommandError("--reset and --if-empty contradict each other: pass one of them.")
        if settings.PRODUCTION:
            raise CommandError(
                "podium demo creates users with a published password, so it refuses to run "
                "with PODIUM_ENV=production: use a development or evaluation installation."
            )

        existing = demo.has_data()
        if existing and options["if_empty"]:
            self.stdout.write(f"Podium already has data ({existing}): keeping it.")
            self._print_logins(demo.recorded_logins())
            return
        if existing and not options["reset"]:
            raise CommandError(
                f"Podium already has data ({existing}): pass --reset to delete it and create "
                "the demo, or --if-empty to keep it."
            )

        report = (lambda message: None) if options["quiet"] else self.stdout.write
        started = time.monotonic()
        with transaction.atomic():
            if options["reset"]:
                report("Deleting existing data…")
                demo.reset_data()
            report(f"Creating the demo organisation (seed {seed}, size {size})…")
            ctx = demo.run_demo(seed=seed, size=size, report=report)
        report(f"Done in {time.monotonic() - started:.1f} s.")
        self._print_logins(ctx.logins)

    def _print_logins(self, logins: list[demo.Login]) -> None:
        if not logins:
            self.stdout.write("No demo logins recorded: these are not demo data.")
            return
        more = User.objects.filter(is_active=True).count() - len(logins)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo sign-ins"))
        self.stdout.write(demo.format_logins(logins, more=max(more, 0)))
