"""`vetting backup [PATH]`: write an encrypted, consistent backup of the database and the stored
files (default: var/backups/vetting-<time>.age)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.audit.actions import Actor
from vetting.backups.actions import BackupError, make_backup
from vetting.backups.keys import BackupKeyError


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"vetting-{stamp}.age"


class Command(BaseCommand):
    help = "Write an encrypted backup (database and stored files) that `vetting restore` reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="Where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"] or default_path()
        try:
            report = make_backup(path, Actor(origin="cli backup"))
        except (BackupError, BackupKeyError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup written: {report.path} ({report.size / 1e6:.1f} MB, {report.tables} tables, "
            f"{report.rows} rows, {report.files} files, {report.seconds:.1f} s)\n"
            f"sha256 {report.sha256}"
        )
