"""`vetting generate-demo --seed S --applications N`: realistic synthetic applicants and one
demo account per staff role. Same seed, same data."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.accounts.demo import create_demo_staff
from vetting.cases.demo import backdate_demo_history, spread_demo_cases
from vetting.demo.applications import create_demo_applications
from vetting.demo.units import create_demo_units
from vetting.demo.watchlist import create_demo_mentions, create_demo_watchlist
from vetting.intake.models import Application
from vetting.places.demo import create_demo_places
from vetting.selection.demo import plan_demo_visits


class Command(BaseCommand):
    help = "Load synthetic demo applications and demo staff accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--applications", type=int, default=3000)
        parser.add_argument("--watchlist-entries", type=int, default=2000)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="Date the demo's 'today' is anchored at (default: today)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when applications already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["applications"] < 0:
            raise CommandError("--applications must be zero or more")
        logins = create_demo_staff(options["seed"])
        places = create_demo_places()
        if places:
            self.stdout.write(f"{places} places in the list (detention sites, offices)")
        if options["if_empty"] and Application.objects.exists():
            self.stdout.write("applications already present; demo data left as it is")
            summary = None
        else:
            summary = create_demo_applications(
                options["seed"], options["applications"], options["as_of"]
            )
            self.stdout.write(f"{summary.created} demo applications created")
            walked = spread_demo_cases(options["seed"])
            self.stdout.write(f"{walked} demo cases taken along the vetting path")
            units = create_demo_units(options["seed"], options["as_of"])
            self.stdout.write(
                f"{units.volunteers} volunteers in training and units "
                f"({units.assigned} assigned, {units.deployed} deployed)"
            )
            backdate_demo_history()
            visits = plan_demo_visits()
            self.stdout.write(f"{visits} field visits planned")
            if options["watchlist_entries"]:
                result = create_demo_watchlist(
                    options["seed"], options["applications"], options["watchlist_entries"]
                )
                if result.version is not None:
                    self.stdout.write(
                        f"demo watchlist: {result.version.entry_count} entries "
                        "(screening runs in the background)"
                    )
                    named = create_demo_mentions(options["seed"])
                    if named is not None:
                        self.stdout.write(
                            f"a person on the demo watchlist named in the texts of "
                            f"{', '.join(named.cases)}"
                        )
        self.stdout.write(
            "Demo staff logins (password, then `vetting totp USERNAME` for the code):"
        )
        for login in logins:
            self.stdout.write(f"  {login.role.value:30} {login.username:14} {login.password}")
        if summary and summary.sample_receipt_code:
            self.stdout.write(f"A portal receipt code to try: {summary.sample_receipt_code}")
