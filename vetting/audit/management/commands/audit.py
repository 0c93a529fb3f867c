"""`vetting audit verify | checkpoint | copy | public-key`: check the audit chain and its signed
checkpoints, sign the chain's head into a new checkpoint, copy checkpoints to the second folder,
print the key auditors verify with."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections

from vetting.audit import checkpoints
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import verify_chain


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks the hash chain end to end and every signed checkpoint; "
        "`checkpoint` signs the chain's head into a new file outside the database (--every "
        "SECONDS to go on doing so) and copies it to the second folder; `copy` copies every "
        "checkpoint there; `public-key` prints the key that verifies checkpoints."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "checkpoint", "copy", "public-key"])
        parser.add_argument(
            "--dir", type=Path, help="checkpoint folder (default: VETTING_AUDIT_CHECKPOINT_DIR)"
        )
        parser.add_argument(
            "--key", type=Path, help="private signing key file (default: VETTING_AUDIT_SIGNING_KEY)"
        )
        parser.add_argument(
            "--public-key",
            type=Path,
            help="verify with this public key file (default: VETTING_AUDIT_PUBLIC_KEY, else the "
            "signing key's)",
        )
        parser.add_argument(
            "--every", type=float, metavar="SECONDS", help="checkpoint: repeat until stopped"
        )
        parser.add_argument(
            "--copy-dir",
            type=Path,
            help="the second checkpoint folder (default: VETTING_AUDIT_CHECKPOINT_COPY_DIR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or settings.AUDIT_CHECKPOINT_DIR
        key_path = options["key"] or settings.AUDIT_SIGNING_KEY
        public_path = options["public_key"] or settings.AUDIT_PUBLIC_KEY
        self.copy_dir = options["copy_dir"] or settings.AUDIT_CHECKPOINT_COPY_DIR
        try:
            if options["operation"] == "verify":
                self.verify(directory, public_path, key_path)
            elif options["operation"] == "copy":
                self.copy(directory)
            elif options["operation"] == "public-key":
                key = checkpoints.verifying_key(public_path, key_path)
                self.stdout.write(checkpoints.public_key_pem(key), ending="")
            elif options["every"]:
                self.checkpoint_every(options["every"], directory, key_path)
            else:
                self.checkpoint(directory, key_path, settings.AUDIT_CHECKPOINT_INTERVAL)
        except checkpoints.CheckpointError as exc:
            raise CommandError(str(exc)) from None

    def verify(self, directory: Path, public_path: Path | None, key_path: Path) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at entry #{report.first_broken}: {report.reason} "
                f"({report.checked} entries before it verified)"
            )
        folders = [directory, *([self.copy_dir] if self.copy_dir else [])]
        files = checkpoints.gather(folders)
        where = " or ".join(str(folder) for folder in folders)
        recorded = AuditEvent.objects.filter(action=checkpoints.RECORDED).exists()
        if not files and not recorded:
            self.stdout.write(
                f"audit chain intact: {report.checked} entries verified; no checkpoints in {where}"
            )
            return
        try:
            public_key = checkpoints.verifying_key(public_path, key_path)
        except checkpoints.CheckpointError as exc:
            raise CommandError(f"cannot verify {len(files)} checkpoints: {exc}") from None
        anchored = checkpoints.verify_checkpoints(files, public_key)
        if not anchored.ok:
            raise CommandError(
                f"audit checkpoint {anchored.bad} fails: {anchored.reason} "
                f"({anchored.checked} checkpoints before it verified)"
            )
        if anchored.warning:
            self.stderr.write(f"WARNING: {anchored.warning}")
        newest = anchored.newest
        assert newest is not None
        self.stdout.write(
            f"audit chain intact: {report.checked} entries verified; {anchored.checked} "
            f"checkpoints verified, the newest at entry #{newest.position} "
            f"({newest.at.isoformat(timespec='seconds')}) in {where}"
        )

    def copy(self, directory: Path) -> None:
        if self.copy_dir is None:
            raise CommandError(
                "no second checkpoint folder: set VETTING_AUDIT_CHECKPOINT_COPY_DIR or --copy-dir"
            )
        written = checkpoints.copy_checkpoints(directory, self.copy_dir)
        self.stdout.write(f"audit checkpoints copied: {len(written)} new in {self.copy_dir}")

    def checkpoint(self, directory: Path, key_path: Path, interval: float) -> None:
        key = checkpoints.signing_key(key_path, create=True)
        taken = checkpoints.take_checkpoint(
            directory, key, interval=interval, copy_to=self.copy_dir
        )
        if taken.checkpoint is None:
            where = f"entry #{taken.latest.position}" if taken.latest else "no entry yet"
            self.stdout.write(f"audit checkpoint not needed: the chain is still at {where}")
            return
        self.stdout.write(
            f"audit checkpoint written: entry #{taken.checkpoint.position} "
            f"({taken.checkpoint.hash[:16]}) to {taken.path}"
        )

    def checkpoint_every(self, seconds: float, directory: Path, key_path: Path) -> None:
        """Take a checkpoint, wait, again, until stopped; a failed round is reported and the
        next one is tried (a database that is away for a while must not end the loop)."""
        try:
            while True:
                close_old_connections()
                try:
                    self.checkpoint(directory, key_path, seconds)
                except (checkpoints.CheckpointError, DatabaseError, OSError) as exc:
                    self.stderr.write(f"audit checkpoint failed: {exc}")
                self.stdout.flush()
                time.sleep(seconds)
        except KeyboardInterrupt:
            self.stdout.write("audit checkpoints stopped")
