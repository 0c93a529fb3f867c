"""`vetting import-watchlist NAME FILE`: a new version of a watchlist (CSV or FtM JSON lines)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.audit.actions import Actor
from vetting.intake.importing import ImportFileError, check_size
from vetting.matching.files import FileFormatError, is_jsonl
from vetting.screening.actions import import_watchlist


class Command(BaseCommand):
    help = "Import a file as the new current version of a watchlist; everyone is re-screened."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("watchlist", help="Name of the watchlist (created if new)")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as raw:
                check_size(raw, settings.IMPORT_MAX_BYTES)
        except ImportFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        try:
            with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as lines:
                result = import_watchlist(
                    lines,
                    watchlist_name=options["watchlist"],
                    file_name=path.name,
                    jsonl=is_jsonl(path),
                    actor=Actor(origin=f"cli import-watchlist {path.name}"[:128]),
                )
        except FileFormatError as exc:
            raise CommandError(f"{path.name}: {exc}; nothing was imported") from None
        for error in result.errors:
            self.stderr.write(f"{path.name}: {error}")
        if result.version is None:
            raise CommandError(f"{path.name}: no valid entry; nothing was imported")
        self.stdout.write(
            f"{result.version}: {result.version.entry_count} entries, {len(result.errors)} refused"
            + (f", {result.skipped} non-person entities skipped" if result.skipped else "")
        )
