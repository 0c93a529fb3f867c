"""`vetting dedupe`: group the records that belong to one person."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vetting.matching import DEFAULT_THRESHOLD
from vetting.matching.files import dedupe_file
from vetting.screening.management.commands.screen import read_or_fail


class Command(BaseCommand):
    help = "Cluster the records of a CSV or JSONL file by person; writes id,cluster_id."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--input", required=True, help="CSV or JSONL of people")
        parser.add_argument("--out", required=True, help="CSV of id,cluster_id to write")
        parser.add_argument(
            "--review",
            help="CSV of record pairs that fit by name alone (a_id,b_id,score), never joined",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"lowest score that links two records (default {DEFAULT_THRESHOLD})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        batch = read_or_fail(options["input"], self.stderr)
        out = Path(options["out"])
        with tqdm(total=len(batch.records), unit="record", disable=not sys.stderr.isatty()) as bar:
            clusters = dedupe_file(batch, out, threshold, bar.update, options["review"])
        self.stderr.write(
            f"deduplicated {len(batch.records)} records into {clusters} clusters; "
            f"{len(batch.errors)} bad rows skipped; written to {out}"
            + (f"; pairs to review in {options['review']}" if options["review"] else "")
        )
