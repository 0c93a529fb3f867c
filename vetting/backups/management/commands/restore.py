"""`vetting restore PATH`: bring a backup into a new, empty database and empty storages, then
verify the audit chain."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.audit.actions import Actor
from vetting.backups.actions import BackupError, restore_backup
from vetting.backups.attachments import StorageError
from vetting.backups.keys import BackupKeyError


class Command(BaseCommand):
    help = "Restore a backup into an empty database; refuses a database that holds data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--identity", type=Path, help="age identity file (default: VETTING_BACKUP_IDENTITY)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(
                options["path"], options["identity"], actor=Actor(origin="cli restore")
            )
        except (BackupError, BackupKeyError, StorageError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {report.tables} tables, {report.rows} rows, {report.files} files "
            f"in {report.seconds:.1f} s"
        )
        if not report.chain.ok:
            raise CommandError(
                f"restored, but the audit chain is broken at entry #{report.chain.first_broken}: "
                f"{report.chain.reason}"
            )
        self.stdout.write(f"audit chain intact: {report.chain.checked} entries verified")
