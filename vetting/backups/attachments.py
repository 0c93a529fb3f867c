"""The files in the backed-up storages (scans, evidence), read and written as stored on disk:
whatever the storage keeps there (plain or encrypted bytes) is what a backup carries."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import storages


class StorageError(Exception):
    """A storage cannot be backed up or restored as asked; the message says why."""


@dataclass(frozen=True)
class StoredFile:
    storage: str
    name: str  # relative to the storage's location, with forward slashes
    path: Path

    @property
    def member(self) -> str:
        return f"files/{self.storage}/{self.name}"


def location(alias: str) -> Path:
    """Where a file-system storage keeps its files."""
    place = getattr(storages[alias], "location", None)
    if place is None:
        raise StorageError(f"storage {alias} is not on the file system; back it up on its own")
    return Path(place)


def stored_files() -> Iterator[StoredFile]:
    """Every regular file of every backed-up storage, in a stable order."""
    for alias in settings.BACKUP_STORAGES:
        root = location(alias)
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            yield StoredFile(alias, path.relative_to(root).as_posix(), path)


def restore_file(alias: str, name: str, source: BinaryIO, sha256: str) -> None:
    """Write one file back where its storage expects it, refusing names that leave the storage
    and content that does not match the manifest."""
    root = location(alias).resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise StorageError(f"file name outside storage {alias} in the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    hasher = hashlib.sha256()
    with target.open("xb") as out:
        while data := source.read(1 << 20):
            hasher.update(data)
            out.write(data)
    if hasher.hexdigest() != sha256:
        raise StorageError(f"a file of storage {alias} does not match the backup's manifest")
