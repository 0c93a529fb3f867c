"""`vetting generate-people --out DIR`: seeded applicant and watchlist CSV files in the format
`vetting screen` and `vetting dedupe` read, for trying them and for benchmarks."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vetting.synthetic import generate_applicants, generate_watchlist, write_people_csv


class Command(BaseCommand):
    help = "Write applicants.csv and watchlist.csv of synthetic people. Same seed, same files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="Directory to write into")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--applicants", type=int, default=10_000)
        parser.add_argument("--watchlist", type=int, default=10_000)
        parser.add_argument(
            "--share", type=float, default=0.01, help="Share of watchlist entries who applied"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        applicants = generate_applicants(options["seed"], options["applicants"])
        watchlist = generate_watchlist(
            options["seed"] + 1, options["watchlist"], applicants, options["share"]
        )
        write_people_csv(out / "applicants.csv", applicants)
        write_people_csv(out / "watchlist.csv", watchlist)
        self.stdout.write(
            f"{out / 'applicants.csv'}: {len(applicants)} rows; "
            f"{out / 'watchlist.csv'}: {len(watchlist)} rows"
        )
