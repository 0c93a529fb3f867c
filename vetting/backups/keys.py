"""The backup key pair (age, X25519). Backups are written to the public recipient, which is all
the server needs; restoring needs the identity (the private key), which belongs off the server,
with the people who may restore. Neither is in the repository or the database."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from django.conf import settings
from pyrage import IdentityError, RecipientError, x25519


class BackupKeyError(Exception):
    """A key file is missing or unreadable; the message says which and what to do."""


def recipient() -> x25519.Recipient:
    """The public key backups are written to; for the demo, generated on first use."""
    value = settings.BACKUP_RECIPIENT
    if value.startswith("age1"):
        text = value
    else:
        path = Path(value)
        if not path.exists() and settings.BACKUP_KEYS_ON_FIRST_USE:
            generate(Path(settings.BACKUP_IDENTITY), path)
        if not path.exists():
            raise BackupKeyError(f"no backup recipient file at {path} (VETTING_BACKUP_RECIPIENT)")
        text = _key_line(path)
    try:
        return x25519.Recipient.from_str(text)
    except RecipientError as exc:
        raise BackupKeyError(f"the backup recipient is not an age X25519 key ({exc})") from None


def identity(path: Path | None = None) -> x25519.Identity:
    """The private key that opens backups: from `path`, else VETTING_BACKUP_IDENTITY."""
    path = path or Path(settings.BACKUP_IDENTITY)
    if not path.exists():
        raise BackupKeyError(
            f"no backup identity file at {path}: restoring needs the identity the backups were "
            "written for (VETTING_BACKUP_IDENTITY or --identity)"
        )
    try:
        return x25519.Identity.from_str(_key_line(path))
    except IdentityError as exc:
        raise BackupKeyError(f"{path} holds no age X25519 identity ({exc})") from None


def generate(identity_path: Path, recipient_path: Path) -> None:
    """Write a new key pair in age-keygen's format; the identity file is readable by its owner
    only. Never overwrites: a lost identity would make every earlier backup unreadable."""
    key = x25519.Identity.generate()
    public = str(key.to_public())
    identity_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with _create(identity_path, 0o600) as out:
        out.write(f"# created: {created}\n# public key: {public}\n{key}\n")
    recipient_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _create(recipient_path, 0o644) as out:
        out.write(f"{public}\n")


def _create(path: Path, mode: int) -> TextIO:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "w")


def _key_line(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            return line.strip()
    raise BackupKeyError(f"{path} holds no key")
