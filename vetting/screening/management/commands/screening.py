"""`vetting screening sweep`: put back in the queue the tasks of workers that died, and queue
screening for every application not screened against the current watchlists (run it from
cron; a lost or killed task is found again here).

`vetting screening mentions [--again]`: read the people named in every text not read yet (with
`--again`, in every text), here and now, and link them to the watchlists and to each other."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from vetting.audit.actions import Actor
from vetting.intake.models import Application
from vetting.screening.actions import read_mentions, requeue_abandoned_tasks
from vetting.screening.selectors import pending_mention_application_ids
from vetting.screening.tasks import read_mentions_pending, screen_pending


class Command(BaseCommand):
    help = (
        "Screening maintenance. `sweep` requeues tasks a dead worker left running and queues "
        "applications not screened against current lists; `mentions` reads the people named "
        "in texts not read yet (all of them with --again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["sweep", "mentions"])
        parser.add_argument(
            "--stale-after",
            type=float,
            default=30.0,
            metavar="MINUTES",
            help="A task running longer than this is taken as abandoned (default: 30)",
        )
        parser.add_argument("--again", action="store_true", help="mentions: read every text anew")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["operation"] == "mentions":
            self._mentions(again=options["again"])
            return
        requeued = requeue_abandoned_tasks(
            timedelta(minutes=options["stale_after"]), Actor(origin="cli screening sweep")
        )
        if requeued:
            self.stdout.write(f"{len(requeued)} abandoned tasks put back in the queue")
        result = screen_pending.enqueue()
        self.stdout.write(f"sweep queued ({result.id})")
        mentions = read_mentions_pending.enqueue()
        self.stdout.write(f"mention reading queued ({mentions.id})")

    def _mentions(self, *, again: bool) -> None:
        actor = Actor(origin="cli screening mentions")
        ids = (
            list(Application.objects.order_by("pk").values_list("pk", flat=True))
            if again
            else pending_mention_application_ids()
        )
        texts = found = matches = 0
        for application_id in tqdm(ids, unit="application", disable=len(ids) < 50):
            outcome = read_mentions(application_id, actor, again=again)
            texts, found = texts + outcome.texts, found + outcome.mentions
            matches += outcome.matches
        self.stdout.write(
            f"{len(ids)} applications: {texts} texts read, {found} people named, "
            f"{matches} links to watchlists or other applicants"
        )
