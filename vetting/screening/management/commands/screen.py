"""`vetting screen`: find applicants who are, or resemble, someone on a watchlist."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vetting.matching import DEFAULT_THRESHOLD
from vetting.matching.files import Batch, FileFormatError, read_people_file, screen_files


def read_or_fail(path: str, stderr: Any) -> Batch:
    """Read a people file, printing each refused row; a malformed file is a CommandError."""
    try:
        batch = read_people_file(path)
    except FileFormatError as e:
        raise CommandError(f"{path}: {e}") from e
    except OSError as e:
        raise CommandError(f"{path}: {e.strerror}") from e
    for error in batch.errors:
        stderr.write(f"{path}: {error}")
    return batch


class Command(BaseCommand):
    help = "Screen applicants against a watchlist (CSV or FollowTheMoney JSON lines)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--watchlist", required=True, help="CSV or JSONL watchlist")
        parser.add_argument("--applicants", required=True, help="CSV of applicants")
        parser.add_argument("--out", required=True, help="CSV of matches to write")
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"lowest score reported (default {DEFAULT_THRESHOLD})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        watchlist = read_or_fail(options["watchlist"], self.stderr)
        applicants = read_or_fail(options["applicants"], self.stderr)
        out = Path(options["out"])
        with tqdm(
            total=len(applicants.records), unit="applicant", disable=not sys.stderr.isatty()
        ) as bar:
            summary = screen_files(watchlist, applicants, out, threshold, bar.update)
        bad = len(watchlist.errors) + len(applicants.errors)
        self.stderr.write(
            f"screened {summary.applicants} applicants against {summary.watchlist} watchlist "
            f"entries: {summary.matches} matches for {summary.flagged} applicants; "
            f"{bad} bad rows and {watchlist.skipped} non-person entities skipped; "
            f"written to {out}"
        )
