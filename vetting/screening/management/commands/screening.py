"""`vetting screening sweep`: queue screening for every application not screened against the
current watchlists (run it from cron; a lost task is found again here)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vetting.screening.tasks import screen_pending


class Command(BaseCommand):
    help = "Screening maintenance. `sweep` queues applications not screened against current lists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["sweep"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = screen_pending.enqueue()
        self.stdout.write(f"sweep queued ({result.id})")
