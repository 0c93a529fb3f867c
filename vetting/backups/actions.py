"""Writing an encrypted backup and restoring one into an empty database.

A backup is an age file (X25519 recipient) holding a tar archive:

    database/sqlite3.db        SQLite: the database file, from the online backup API
    database/<table>.copy      PostgreSQL: each table in COPY text format
    files/<storage>/<name>     every file of the scans and evidence storages, as stored
    manifest.json              format, vendor, migrations, tables (columns, rows), files (sha256)

age authenticates every 64 KiB chunk and the end of the stream: a backup altered by one byte,
or cut short, does not decrypt, and nothing is restored from it.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

import pyrage
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from vetting.audit.actions import Actor, record
from vetting.audit.selectors import ChainReport, verify_chain
from vetting.backups import attachments, database, keys
from vetting.policy.authority import authorize

FORMAT = "vetting-backup"
VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup cannot be written or restored as asked; the message says why."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    sha256: str
    size: int
    tables: int
    rows: int
    files: int
    seconds: float


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    chain: ChainReport
    seconds: float


def make_backup(path: Path, actor: Actor) -> BackupReport:
    """Write a consistent, encrypted backup of the database and the stored files to `path`.

    The database is copied first, at one moment; files follow (they are written before the rows
    that name them, so every file the copy names is there). The backup is then an entry in the
    audit chain, after the copy: the backup does not contain its own entry.
    """
    authorize(actor, "backups.make_backup")
    started = time.monotonic()
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never overwrites another")
    recipient = keys.recipient()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with _private_tempdir() as work:
        snapshot = database.export(work)
        files = list(attachments.stored_files())
        hashes: dict[str, str] = {}

        def write_archive(plain: IO[bytes]) -> None:
            with tarfile.open(fileobj=plain, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for member, source in snapshot.files.items():
                    tar.add(str(source), arcname=member, recursive=False)
                for stored in files:
                    hashes[stored.member] = _add_hashed(tar, stored)
                _add_bytes(tar, MANIFEST, _manifest(snapshot, files, hashes))

        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                hashed = _HashingWriter(out)
                _encrypt(write_archive, hashed, recipient)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    rows = sum(t.rows for t in snapshot.tables)
    report = BackupReport(
        path=path,
        sha256=hashed.hexdigest(),
        size=hashed.size,
        tables=len(snapshot.tables),
        rows=rows,
        files=len(files),
        seconds=time.monotonic() - started,
    )
    record(
        actor,
        "backup.created",
        file_sha256=report.sha256,
        size=report.size,
        tables=report.tables,
        rows=report.rows,
        files=report.files,
    )
    return report


def restore_backup(path: Path, identity_path: Path | None = None, *, actor: Actor) -> RestoreReport:
    """Bring a backup into an empty database and empty storages, then verify the audit chain.

    Refuses, before touching anything: a backup that does not decrypt whole (altered, cut
    short, or for another key), one from another kind of database or another set of
    migrations, and a database or storage that already holds data.
    """
    authorize(actor, "backups.restore_backup")
    started = time.monotonic()
    identity = keys.identity(identity_path)
    connection = connections["default"]
    with _private_tempdir() as work:
        plain = work / "backup.tar"
        _decrypt(path, plain, identity)
        with tarfile.open(plain, mode="r:") as tar:
            manifest = _read_manifest(tar)
            _check_compatible(manifest, connection.vendor)
            _check_empty()
            tables = [
                database.Table(name, info["columns"], info["rows"])
                for name, info in manifest["tables"].items()
            ]
            files = manifest["files"]
            for member, info in files.items():
                _, alias, name = member.split("/", 2)
                attachments.restore_file(alias, name, _member(tar, member), info["sha256"])
            if connection.vendor == "sqlite":
                tar.extract(database.SQLITE_FILE, path=work, filter="data")
                database.load_sqlite(work / database.SQLITE_FILE)
            else:
                if not database.applied_migrations():
                    call_command("migrate", verbosity=0, interactive=False)
                database.load_postgresql(tables, lambda name: _member(tar, name))
    counts = database.row_counts([t.name for t in tables])
    wrong = [t.name for t in tables if counts[t.name] != t.rows]
    if wrong:
        raise BackupError(f"restored row counts differ from the backup's in: {', '.join(wrong)}")
    chain = verify_chain()
    return RestoreReport(
        tables=len(tables),
        rows=sum(counts.values()),
        files=len(files),
        chain=chain,
        seconds=time.monotonic() - started,
    )


def _manifest(
    snapshot: database.Snapshot, files: list[attachments.StoredFile], hashes: dict[str, str]
) -> bytes:
    body = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "vendor": snapshot.vendor,
        "migrations": snapshot.migrations,
        "tables": {t.name: {"columns": t.columns, "rows": t.rows} for t in snapshot.tables},
        "files": {
            f.member: {"size": f.path.stat().st_size, "sha256": hashes[f.member]} for f in files
        },
    }
    return json.dumps(body, indent=1, sort_keys=True).encode()


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.load(_member(tar, MANIFEST))
    except (KeyError, ValueError):
        raise BackupError("not a vetting backup: it has no readable manifest") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("not a vetting backup of a format this version reads")
    return manifest


def _check_compatible(manifest: dict[str, Any], vendor: str) -> None:
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"this is a backup of a {manifest['vendor']} database; restore it into {vendor} "
            "is not supported"
        )
    theirs = {(app, name) for app, name in manifest["migrations"]}
    ours = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if theirs != ours:
        differ = sorted(theirs ^ ours)
        raise BackupError(
            f"the backup was taken at other migrations than this code has ({len(differ)} "
            f"differ, first {differ[0][0]}.{differ[0][1]}); restore it with the version of the "
            "code it was taken with, then migrate"
        )


def _check_empty() -> None:
    held = database.tables_holding_data()
    if held:
        raise BackupError(
            f"the database is not empty ({len(held)} tables hold rows, first {held[0]}); "
            "restore only into a new, empty database. Nothing was changed."
        )
    for alias in settings.BACKUP_STORAGES:
        root = attachments.location(alias)
        if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
            raise BackupError(
                f"storage {alias} already holds files ({root}); restore only into empty "
                "storages. Nothing was changed."
            )


def _member(tar: tarfile.TarFile, name: str) -> BinaryIO:
    source = tar.extractfile(name)
    if source is None:
        raise BackupError(f"the backup's {name} is not a file")
    return source  # type: ignore[return-value]


def _add_hashed(tar: tarfile.TarFile, stored: attachments.StoredFile) -> str:
    info = tar.gettarinfo(str(stored.path), arcname=stored.member)
    hasher = hashlib.sha256()
    with stored.path.open("rb") as source:
        tar.addfile(info, _HashingReader(source, hasher))
    return hasher.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _encrypt(
    write_plain: Callable[[IO[bytes]], None], out: Any, recipient: pyrage.x25519.Recipient
) -> None:
    """Stream what `write_plain` writes through age into `out`, without the whole archive in
    memory or on disk: the archive is written into a pipe by a thread, age reads the other end."""
    read_end, write_end = os.pipe()
    failures: list[BaseException] = []

    def produce() -> None:
        try:
            with open(write_end, "wb") as plain:
                write_plain(plain)
        except BaseException as exc:  # handed to the caller below
            failures.append(exc)

    producer = threading.Thread(target=produce, name="backup-archive", daemon=True)
    producer.start()
    try:
        with open(read_end, "rb") as reader:
            pyrage.encrypt_io(reader, out, [recipient])
    finally:
        producer.join()
    if failures:
        raise BackupError(f"the archive could not be written: {failures[0]}") from failures[0]


def _decrypt(path: Path, into: Path, identity: pyrage.x25519.Identity) -> None:
    """Decrypt the whole backup before anything is restored: age checks every chunk and the
    end of the stream, so a backup that was altered or cut short is refused here."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with path.open("rb") as source, into.open("xb") as plain:
            pyrage.decrypt_io(source, plain, [identity])
    except (pyrage.DecryptError, OSError) as exc:
        raise BackupError(
            f"{path.name} does not decrypt: it was altered or damaged, or was written for "
            f"another key ({exc}). Nothing was restored."
        ) from None


class _private_tempdir:
    """A directory only this user can read, beside the database (never in /tmp), removed after
    use: a plain copy of the data passes through it."""

    def __enter__(self) -> Path:
        parent = Path(settings.VAR_DIR) / "tmp"
        parent.mkdir(mode=0o700, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix="backup-", dir=parent))
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class _HashingWriter:
    def __init__(self, out: IO[bytes]) -> None:
        self._out, self._hasher, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self._hasher.update(data)
        self.size += len(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

    def hexdigest(self) -> str:
        return self._hasher.hexdigest()


class _HashingReader:
    def __init__(self, source: IO[bytes], hasher: Any) -> None:
        self._source, self._hasher = source, hasher

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self._hasher.update(data)
        return data
