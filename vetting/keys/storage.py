"""File storage that seals every file on disk and opens it only when read through Vetting."""

import os
import posixpath
import secrets
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from vetting.keys import seal


def random_name(name: str) -> str:
    """The stored name for an upload: its folder (from `upload_to`) and 32 random hex digits.
    An applicant's file is often named after them ("Шишкарёв_Іван_паспорт.pdf"); the model keeps
    that name sealed, the disk never sees it."""
    return posixpath.join(posixpath.dirname(name), secrets.token_hex(16))


class SealedFileSystemStorage(FileSystemStorage):
    """Like FileSystemStorage, but the bytes on disk are an AES-GCM envelope under a random
    name."""

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return str(super().generate_filename(random_name(str(filename))))

    def _save(self, name: str, content: File) -> str:  # type: ignore[type-arg]
        content.seek(0)
        sealed = ContentFile(seal.seal_file(content.read()))
        return str(super()._save(name, sealed))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:  # type: ignore[type-arg]
        if "w" in mode or "a" in mode:
            raise ValueError("sealed files are written through save() only")
        with super()._open(name, "rb") as raw:  # type: ignore[misc]
            data = seal.open_file(raw.read())
        opened = ContentFile(data, name=name)
        opened.mode = mode  # type: ignore[attr-defined]
        return opened

    def size(self, name: str) -> int:
        with self._open(name) as opened:
            return int(opened.size)

    def url(self, name: str | None) -> Any:
        raise ValueError("sealed files have no URL")
