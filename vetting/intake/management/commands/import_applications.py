"""`vetting import-applications FILE`: import a list (CSV or JSON lines), idempotently."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from vetting.audit.actions import Actor
from vetting.intake.actions import import_applications
from vetting.intake.importing import ImportFileError


class Command(BaseCommand):
    help = "Import applications from a CSV (with header) or JSON-lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source", help="Idempotency scope (e.g. the detention site); default: file name"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        source = options["source"] or path.name
        bar = tqdm(unit=" rows", disable=not sys.stderr.isatty(), file=sys.stderr)
        try:
            with path.open("rb") as raw:
                report = import_applications(
                    raw,
                    file_name=path.name,
                    source=source,
                    actor=Actor(origin=f"cli import-applications {path.name}"[:128]),
                    progress=bar.update,
                )
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}; nothing was imported") from None
        finally:
            bar.close()
        for error in report.errors:
            self.stderr.write(f"{path.name}: {error}")
        self.stdout.write(f"{path.name}: {report.summary()}")
