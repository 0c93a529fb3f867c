"""`vetting screening sweep`: put back in the queue the tasks of workers that died, and queue
screening for every application not screened against the current watchlists (run it from
cron; a lost or killed task is found again here)."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vetting.audit.actions import Actor
from vetting.screening.actions import requeue_abandoned_tasks
from vetting.screening.tasks import screen_pending


class Command(BaseCommand):
    help = (
        "Screening maintenance. `sweep` requeues tasks a dead worker left running and queues "
        "applications not screened against current lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["sweep"])
        parser.add_argument(
            "--stale-after",
            type=float,
            default=30.0,
            metavar="MINUTES",
            help="A task running longer than this is taken as abandoned (default: 30)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = requeue_abandoned_tasks(
            timedelta(minutes=options["stale_after"]), Actor(origin="cli screening sweep")
        )
        if requeued:
            self.stdout.write(f"{len(requeued)} abandoned tasks put back in the queue")
        result = screen_pending.enqueue()
        self.stdout.write(f"sweep queued ({result.id})")
