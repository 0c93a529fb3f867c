"""Envelope encryption of personal data: AES-256-GCM under data keys wrapped by a master key.

A sealed text is `v1.` + base64(kid 8 bytes | nonce 12 | ciphertext and tag); a sealed file
starts with the bytes `VETTING1` and then the same fields. The context (which table and
column, or "file") is authenticated, so a value copied into another column does not open.
"""

import base64
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction
from django.utils import timezone

from vetting.keys import master
from vetting.keys.models import DataKey, Purpose

TEXT_PREFIX = "v1."
FILE_MAGIC = b"VETTING1"
KID_BYTES = 8
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed value that does not open: altered, truncated, or under an unknown key."""


@dataclass(frozen=True)
class _Key:
    kid: bytes
    secret: bytes
    cipher: AESGCM


_lock = threading.Lock()
_known: dict[bytes, _Key] = {}
_active: dict[str, _Key] = {}
# Keys this process created whose transaction has not committed yet: they may still vanish.
_uncommitted: set[str] = set()


def forget() -> None:
    """Drop cached keys (tests; after a database was replaced)."""
    with _lock:
        _known.clear()
        _active.clear()


def wrap(secret: bytes, kid: str, under: master.MasterKey) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(under.secret).encrypt(nonce, secret, _wrap_context(kid))


def unwrap(row: DataKey) -> bytes:
    blob = bytes(row.wrapped)
    under = master.find(row.master_key_id)
    try:
        return AESGCM(under.secret).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], _wrap_context(row.kid)
        )
    except InvalidTag:
        raise SealError(f"data key {row.kid} does not unwrap under {under.id}") from None


def _wrap_context(kid: str) -> bytes:
    return b"vetting data key " + kid.encode()


def create_key(purpose: str = Purpose.DATA) -> DataKey:
    """A new data key, wrapped under the current master key."""
    kid = os.urandom(KID_BYTES).hex()
    secret = os.urandom(32)
    under = master.current()
    _uncommitted.add(kid)
    transaction.on_commit(lambda: _uncommitted.discard(kid))
    return DataKey.objects.create(
        kid=kid, purpose=purpose, wrapped=wrap(secret, kid, under), master_key_id=under.id
    )


def _remember(row: DataKey, secret: bytes) -> _Key:
    key = _Key(bytes.fromhex(row.kid), secret, AESGCM(secret))
    with _lock:
        _known[key.kid] = key
    return key


def _active_key(purpose: str) -> _Key:
    """The key new data is sealed with: the newest data key (the first index key)."""
    if (key := _active.get(purpose)) is not None:
        return key
    rows = DataKey.objects.filter(purpose=purpose)
    row = rows.order_by("pk").first() if purpose == Purpose.INDEX else rows.order_by("-pk").first()
    if row is None:
        row = create_key(purpose)
    key = _remember(row, unwrap(row))

    # A key made inside a transaction that is rolled back never existed: it becomes the
    # active key of this process only once committed.
    if row.kid not in _uncommitted:
        with _lock:
            _active[purpose] = key
    return key


def _key_for(kid: bytes) -> _Key:
    if (key := _known.get(kid)) is not None:
        return key
    row = DataKey.objects.filter(kid=kid.hex()).first()
    if row is None:
        raise SealError(f"unknown data key {kid.hex()}")
    return _remember(row, unwrap(row))


def seal_bytes(data: bytes, context: bytes) -> bytes:
    key = _active_key(Purpose.DATA)
    nonce = os.urandom(NONCE_BYTES)
    return key.kid + nonce + key.cipher.encrypt(nonce, data, context)


def open_bytes(blob: bytes, context: bytes) -> bytes:
    if len(blob) < KID_BYTES + NONCE_BYTES + 16:
        raise SealError("sealed value too short")
    key = _key_for(blob[:KID_BYTES])
    nonce = blob[KID_BYTES : KID_BYTES + NONCE_BYTES]
    try:
        return key.cipher.decrypt(nonce, blob[KID_BYTES + NONCE_BYTES :], context)
    except InvalidTag:
        raise SealError("sealed value was altered or belongs elsewhere") from None


def seal_text(text: str, context: str) -> str:
    blob = seal_bytes(text.encode(), context.encode())
    return TEXT_PREFIX + base64.urlsafe_b64encode(blob).decode().rstrip("=")


def open_text(stored: str, context: str) -> str:
    if not stored.startswith(TEXT_PREFIX):
        raise SealError(f"{context}: value is not sealed")
    body = stored[len(TEXT_PREFIX) :]
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:
        raise SealError(f"{context}: sealed value is damaged") from None
    return open_bytes(blob, context.encode()).decode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(TEXT_PREFIX)


def seal_file(data: bytes) -> bytes:
    return FILE_MAGIC + seal_bytes(data, b"file")


def open_file(blob: bytes) -> bytes:
    if not blob.startswith(FILE_MAGIC):
        raise SealError("file is not sealed")
    return open_bytes(blob[len(FILE_MAGIC) :], b"file")


def blind_index(value: str, purpose: str) -> str:
    """A keyed digest for equality look-ups: equal inputs give equal digests, and without
    the key a digest says nothing about the input (no dictionary attack on names)."""
    key = _active_key(Purpose.INDEX)
    message = purpose.encode() + b"\0" + value.encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()[:16]


def rewrap(row: DataKey, under: master.MasterKey) -> None:
    """Wrap one data key under another master key (the data it seals is untouched)."""
    secret = unwrap(row)
    row.wrapped = wrap(secret, row.kid, under)
    row.master_key_id = under.id
    row.rewrapped_at = timezone.now()
    row.save(update_fields=["wrapped", "master_key_id", "rewrapped_at"])
