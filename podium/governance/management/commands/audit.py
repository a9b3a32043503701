"""`podium audit verify`: check the audit log's hash chain from the first entry to the last.

Prints "intact: N entries, last hash …", or the first entry that was changed, removed or
moved, and then exits with status 1. `--known-hash` also checks that a last hash noted
earlier (from this command or an export) is still in the chain.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from podium.governance import audit_chain


class Command(BaseCommand):
    help = "Work with the audit log. `verify` checks its hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = commands.add_parser(
            "verify", help="Check every entry's hash and its link to the entry before it."
        )
        verify.add_argument(
            "--known-hash",
            default="",
            metavar="HASH",
            help="A last hash noted earlier: fail unless the chain still holds that entry.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_chain.verify(known_hash=options["known_hash"].strip().lower())
        if verdict.intact:
            self.stdout.write(verdict.summary)
            return
        self.stderr.write(verdict.summary)
        raise SystemExit(1)
