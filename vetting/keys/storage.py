"""File storage that seals every file on disk and opens it only when read through Vetting."""

from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from vetting.keys import seal


class SealedFileSystemStorage(FileSystemStorage):
    """Like FileSystemStorage, but the bytes on disk are an AES-GCM envelope."""

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
