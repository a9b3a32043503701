"""`podium prepare`: bring the database and static files up to date, in one process."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Apply migrations, create the cache table and collect static files; with --demo, "
        "also create the demo company. Run once per release (and by ./run demo)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--demo",
            choices=["if-empty", "reset"],
            help="Then run `podium demo --if-empty` or `podium demo --reset`.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["demo"]:
            call_command("demo", f"--{options['demo']}")
