"""`vetting audit verify`: check the whole audit chain and name the first broken entry."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry #{report.first_broken}: {report.reason} "
                f"({report.checked} entries before it verified)"
            )
        self.stdout.write(f"audit chain intact: {report.checked} entries verified")
