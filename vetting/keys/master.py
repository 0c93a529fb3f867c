"""Master keys: they live outside the database and wrap the data keys stored in it.

The key ring is a file (VETTING_MASTER_KEY_FILE, default var/keys/master.keys), one key per
line, `<id> <base64 of 32 bytes>`; the last line is the current key, earlier lines are kept
until no data key is wrapped under them. VETTING_MASTER_KEY may instead hold the ring itself
(lines or comma-separated entries), for deployments that inject secrets through the
environment; such a ring is read-only here.
"""

import base64
import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


@dataclass(frozen=True)
class MasterKey:
    id: str
    secret: bytes = b""

    def __repr__(self) -> str:  # never the secret
        return f"MasterKey({self.id})"


def key_id(secret: bytes) -> str:
    """A public name for a key: it tells keys apart without revealing them."""
    return hashlib.sha256(b"vetting master key\0" + secret).hexdigest()[:16]


def new_key() -> MasterKey:
    secret = secrets.token_bytes(KEY_BYTES)
    return MasterKey(key_id(secret), secret)


def parse(text: str) -> list[MasterKey]:
    """Read a key ring; the last key is the current one."""
    ring = []
    for number, raw in enumerate(text.replace(",", "\n").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.replace(":", " ").split()
        try:
            secret = base64.urlsafe_b64decode(parts[-1] + "=" * (-len(parts[-1]) % 4))
        except ValueError:
            secret = b""
        if len(secret) != KEY_BYTES:
            raise ImproperlyConfigured(f"master key ring, entry {number}: not a 32-byte key")
        if len(parts) > 1 and parts[0] != key_id(secret):
            raise ImproperlyConfigured(f"master key ring, entry {number}: id does not match key")
        ring.append(MasterKey(key_id(secret), secret))
    if not ring:
        raise ImproperlyConfigured("master key ring is empty")
    return ring


def render(ring: list[MasterKey]) -> str:
    lines = ["# Vetting master keys: the last line is current. Keep outside the database."]
    lines += [f"{k.id} {base64.urlsafe_b64encode(k.secret).decode()}" for k in ring]
    return "\n".join(lines) + "\n"


def ring_file() -> Path:
    return Path(settings.VETTING_MASTER_KEY_FILE)


def from_environment() -> bool:
    return bool(os.environ.get("VETTING_MASTER_KEY"))


_lock = threading.Lock()
_cache: tuple[Path, int, list[MasterKey]] | None = None


def ring() -> list[MasterKey]:
    """The master keys, re-read when the file changes (a rotation in another process)."""
    global _cache
    if env := os.environ.get("VETTING_MASTER_KEY"):
        return parse(env)
    path = ring_file()
    with _lock:
        if not path.exists():
            _write(path, [new_key()])
        mtime = path.stat().st_mtime_ns
        if _cache is None or _cache[:2] != (path, mtime):
            _cache = (path, mtime, parse(path.read_text()))
        return _cache[2]


def current() -> MasterKey:
    return ring()[-1]


def find(kid: str) -> MasterKey:
    for key in ring():
        if key.id == kid:
            return key
    raise ImproperlyConfigured(f"master key {kid} is not in the key ring")


def append(key: MasterKey) -> None:
    """Make `key` the current master key, keeping the older ones."""
    _writable()
    _write(ring_file(), [*ring(), key])


def retire(ids: set[str]) -> None:
    """Drop master keys that no data key is wrapped under any more."""
    _writable()
    keep = [k for k in ring() if k.id not in ids]
    _write(ring_file(), keep)


def _writable() -> None:
    if from_environment():
        raise ImproperlyConfigured(
            "the master key ring comes from VETTING_MASTER_KEY: change it there "
            "(use a key file to let `vetting keys` manage it)"
        )


def _write(path: Path, ring: list[MasterKey]) -> None:
    global _cache
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(render(ring))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)  # atomic: a reader sees the old ring or the new one
    _cache = None
