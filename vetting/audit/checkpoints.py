"""Signed checkpoints of the audit chain, kept outside the database.

A checkpoint is the chain's head (position and hash) at a moment, signed with Ed25519 and written
to a file of its own that is never overwritten. Whoever can rewrite the database, and recompute
every hash after an edit, still cannot match a checkpoint taken before the edit: that needs the
private key, which lives in a file outside the database and the repository. An auditor verifies
with the public key alone.

Checkpoints cannot be taken away quietly either: each names the file before it (by name and
SHA-256), each is also recorded in the chain, and a copy of every file goes to a second folder the
web host cannot rewrite. Verifying reads both folders: a checkpoint that the chain or a later
checkpoint names and that is in neither folder fails the check, and so does a copy that differs.
"""

import base64
import binascii
import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils import timezone

from vetting.audit.actions import Actor, record
from vetting.audit.models import AuditEvent, AuditHead
from vetting.audit.selectors import verify_chain

FORMAT = "vetting-audit-checkpoint/2"
FORMATS = ("vetting-audit-checkpoint/1", FORMAT)  # /1 files name no previous file
RECORDED = "audit.checkpoint_taken"


class CheckpointError(Exception):
    """A key or checkpoint file that cannot be read or written, or a chain that must not be
    checkpointed."""


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at a moment, with the signature that commits to it."""

    position: int
    hash: str
    at: datetime
    key_id: str
    signature: bytes
    name: str = ""
    previous: str = ""  # "<file name> <sha256 of its bytes>" of the checkpoint before, if any
    interval: float = 0.0  # seconds until the next checkpoint was due, as configured
    format: str = FORMAT

    def message(self) -> bytes:
        if self.format != FORMAT:
            return signed_message(self.position, self.hash, self.at)
        return signed_message(self.position, self.hash, self.at, self.previous, self.interval)

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(self.signature, self.message())
        except InvalidSignature:
            return False
        return True


def signed_message(
    position: int, hash: str, at: datetime, previous: str | None = None, interval: float = 0.0
) -> bytes:
    """The bytes a checkpoint's signature covers; the format name keeps them from meaning
    anything else. `previous` None is the first format's message, which named no previous."""
    if previous is None:
        return f"{FORMATS[0]}\n{position}\n{hash}\n{at.isoformat()}".encode()
    return f"{FORMAT}\n{position}\n{hash}\n{at.isoformat()}\n{previous}\n{interval}".encode()


def link_to(path: Path) -> str:
    """How a checkpoint names the one before it: its file name and the SHA-256 of its bytes."""
    return f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}"


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint of a public key, to tell keys apart in messages."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


# Keys ----------------------------------------------------------------------------------------


def signing_key(path: Path, *, create: bool = False) -> Ed25519PrivateKey:
    """The private signing key from its file; with `create`, a new one is generated into the
    file (mode 0600) when there is none."""
    if not path.exists():
        if not create:
            raise CheckpointError(f"no audit signing key at {path}")
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            _write_new(path, pem, 0o600)
        except FileExistsError:
            pass  # another process made one first: use that
        else:
            return key
    try:
        stored = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise CheckpointError(f"cannot read the audit signing key at {path}: {exc}") from None
    if not isinstance(stored, Ed25519PrivateKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 private key")
    return stored


def public_key_from_file(path: Path) -> Ed25519PublicKey:
    """An auditor's copy of the public key (PEM), to verify without the private key."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"cannot read the audit public key at {path}: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 public key")
    return key


def verifying_key(public_key_path: Path | None, signing_key_path: Path) -> Ed25519PublicKey:
    """The configured public key file if there is one, else the signing key's public half."""
    if public_key_path is not None:
        return public_key_from_file(public_key_path)
    return signing_key(signing_key_path).public_key()


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


# Files -----------------------------------------------------------------------------------------


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write a file that did not exist, whole or not at all; FileExistsError if it exists.

    The bytes go to a hidden temporary file first, and a hard link gives them the final name:
    linking fails rather than replace an existing file, so nothing is ever overwritten.
    """
    temporary = path.with_name(f".tmp-{secrets.token_hex(8)}-{path.name}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def file_name(position: int) -> str:
    return f"{position:012d}.json"


def write_checkpoint(directory: Path, checkpoint: Checkpoint) -> Path:
    """Store a checkpoint in a new file of its own (read-only); refuse to replace one."""
    body = {
        "format": FORMAT,
        "position": checkpoint.position,
        "hash": checkpoint.hash,
        "at": checkpoint.at.isoformat(),
        "key": checkpoint.key_id,
        "previous": checkpoint.previous,
        "interval": checkpoint.interval,
        "signature": base64.b64encode(checkpoint.signature).decode(),
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(checkpoint.position)
    try:
        _write_new(path, (json.dumps(body, indent=1) + "\n").encode(), 0o444)
    except FileExistsError:
        raise CheckpointError(
            f"a checkpoint of entry #{checkpoint.position} already exists ({path}); "
            "checkpoints are never overwritten"
        ) from None
    return path


def read_checkpoint(path: Path) -> Checkpoint:
    """One checkpoint file; CheckpointError naming the file when it is not one."""
    try:
        body = json.loads(path.read_bytes())
        if body.get("format") not in FORMATS:
            raise ValueError(f"format is not {FORMAT}")
        return Checkpoint(
            position=int(body["position"]),
            hash=str(body["hash"]),
            at=datetime.fromisoformat(body["at"]),
            key_id=str(body.get("key", "")),
            signature=base64.b64decode(body["signature"], validate=True),
            name=path.name,
            previous=str(body.get("previous", "")),
            interval=float(body.get("interval", 0.0)),
            format=body["format"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise CheckpointError(f"{path.name} is not a readable checkpoint ({exc})") from None


def gather(directories: Sequence[Path]) -> list[Path]:
    """The checkpoint files of several folders (the checkpoint folder and its copies), one per
    name in name order; CheckpointError when two folders hold different bytes under one name."""
    found: dict[str, Path] = {}
    for directory in directories:
        for path in checkpoint_files(directory):
            seen = found.setdefault(path.name, path)
            if seen is not path and seen.read_bytes() != path.read_bytes():
                raise CheckpointError(
                    f"{path.name} differs between {seen.parent} and {path.parent}: "
                    "a checkpoint was rewritten"
                )
    return [found[name] for name in sorted(found)]


def copy_checkpoints(source: Path, target: Path) -> list[Path]:
    """Copy the checkpoint files `target` lacks into it (read-only, never overwriting); refuse
    when a file there differs from the one here. Returns the files written."""
    written = []
    for path in checkpoint_files(source):
        there = target / path.name
        data = path.read_bytes()
        if there.exists():
            if there.read_bytes() != data:
                raise CheckpointError(
                    f"{there} differs from {path}: a checkpoint was rewritten, nothing copied"
                )
            continue
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            _write_new(there, data, 0o444)
        except FileExistsError:
            continue  # another copier was first
        written.append(there)
    return written


def checkpoint_files(directory: Path) -> list[Path]:
    """Every file in the checkpoint folder but unfinished temporary ones, in name order (the
    names are zero-padded positions)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".tmp-"))


# Taking and verifying ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    """What `take_checkpoint` did: a new checkpoint, or none because the chain has not moved."""

    checkpoint: Checkpoint | None
    path: Path | None = None
    latest: Checkpoint | None = None


def _moved_since(latest: Checkpoint, position: int) -> bool:
    """Whether the chain has entries after `latest` other than the one recording it."""
    if position <= latest.position:
        return False
    if position > latest.position + 1:
        return True
    entry = AuditEvent.objects.filter(position=position).values("action", "detail").first()
    return not (
        entry and entry["action"] == RECORDED and entry["detail"].get("position") == latest.position
    )


def take_checkpoint(
    directory: Path,
    key: Ed25519PrivateKey,
    *,
    interval: float = 0.0,
    copy_to: Path | None = None,
) -> Taken:
    """Sign the chain's head and store it as a new checkpoint file that names the one before
    it, record it in the chain, and copy the folder to `copy_to` if one is configured.

    The entries since the latest checkpoint are verified first, and the latest checkpoint must
    still match the chain, so a checkpoint never blesses a chain that was changed under it.
    """
    head = AuditHead.objects.filter(pk=1).first()
    position, hash = (head.position, head.hash) if head else (0, "")
    files = checkpoint_files(directory)
    latest = read_checkpoint(files[-1]) if files else None
    after, prev_hash = 0, None
    if latest is not None:
        reason = mismatch(latest, key.public_key(), last_position=position)
        if reason:
            raise CheckpointError(f"the latest checkpoint {latest.name} fails: {reason}")
        if not _moved_since(latest, position):
            if copy_to is not None:
                copy_checkpoints(directory, copy_to)
            return Taken(None, latest=latest)
        after, prev_hash = latest.position, latest.hash
    if position == 0:
        return Taken(None)
    report = verify_chain(after=after, prev_hash=prev_hash, upto=(position, hash))
    if not report.ok:
        raise CheckpointError(
            f"audit chain broken at entry #{report.first_broken}: {report.reason}; "
            "no checkpoint taken"
        )
    at = timezone.now()
    previous = link_to(files[-1]) if files else ""
    checkpoint = Checkpoint(
        position=position,
        hash=hash,
        at=at,
        key_id=key_id(key.public_key()),
        signature=key.sign(signed_message(position, hash, at, previous, interval)),
        name=file_name(position),
        previous=previous,
        interval=interval,
    )
    path = write_checkpoint(directory, checkpoint)
    record(
        Actor(origin="audit checkpoint"),
        RECORDED,
        position=position,
        hash=hash,
        file=path.name,
        previous=previous.split(" ")[0],
    )
    if copy_to is not None:
        copy_checkpoints(directory, copy_to)
    return Taken(checkpoint, path, latest)


@dataclass(frozen=True)
class CheckpointReport:
    """The outcome of verifying the checkpoints against the chain: the first bad one, if any,
    and a warning when the newest is overdue."""

    checked: int
    bad: str | None = None
    reason: str = ""
    newest: Checkpoint | None = None
    warning: str = ""

    @property
    def ok(self) -> bool:
        return self.bad is None


def mismatch(
    checkpoint: Checkpoint,
    public_key: Ed25519PublicKey,
    *,
    last_position: int,
    good_before: int | None = None,
) -> str:
    """Why a checkpoint does not hold for the chain in the database (its signature, and the
    hash of its entry); empty when it does.
    `good_before` is the position of the latest checkpoint that held, to say where to look."""
    if not checkpoint.signed_by(public_key):
        return (
            f"its signature does not verify with the audit public key {key_id(public_key)} "
            f"(it names key {checkpoint.key_id or 'none'})"
        )
    if checkpoint.position > last_position:
        return (
            f"it was signed at entry #{checkpoint.position} but the chain ends at entry "
            f"#{last_position}: entries were removed"
        )
    stored = (
        AuditEvent.objects.filter(position=checkpoint.position)
        .values_list("hash", flat=True)
        .first()
    )
    if stored is None:
        return f"entry #{checkpoint.position} is missing"
    if stored != checkpoint.hash:
        reason = (
            f"entry #{checkpoint.position} no longer has the hash signed at "
            f"{checkpoint.at.isoformat()}"
        )
        if good_before is not None:
            reason += f": the chain was changed after entry #{good_before}, up to this checkpoint's"
        return reason
    return ""


def verify_checkpoints(paths: Iterable[Path], public_key: Ed25519PublicKey) -> CheckpointReport:
    """Check each checkpoint's signature, that the entry at its position still has its hash, that
    it names the checkpoint before it, and that every checkpoint the chain records is there; name
    the first that fails, and warn when the newest is older than its configured interval."""
    paths = list(paths)
    last = AuditEvent.objects.order_by("-position").values_list("position", flat=True).first()
    checked, newest, before = 0, None, None
    for path in paths:
        try:
            checkpoint = read_checkpoint(path)
        except CheckpointError as exc:
            return CheckpointReport(checked, path.name, str(exc), newest)
        reason = mismatch(
            checkpoint,
            public_key,
            last_position=last or 0,
            good_before=newest.position if newest else 0,
        )
        if not reason and checkpoint.format == FORMAT:
            expected = link_to(before) if before is not None else ""
            if checkpoint.previous != expected:
                named = checkpoint.previous.split(" ")[0] or "none"
                reason = (
                    f"it names {named} as the checkpoint before it, but the one before it is "
                    f"{before.name if before else 'none'}: a checkpoint was removed or replaced"
                )
        if reason:
            return CheckpointReport(checked, path.name, reason, newest)
        checked += 1
        before = path
        if newest is None or checkpoint.position >= newest.position:
            newest = checkpoint
    names = {path.name for path in paths}
    for entry in AuditEvent.objects.filter(action=RECORDED).order_by("position"):
        name = entry.detail.get("file", "")
        if name not in names:
            return CheckpointReport(
                checked,
                name,
                f"the chain records it at entry #{entry.position}, but it is in none of the "
                "checkpoint folders: it was removed",
                newest,
            )
    warning = ""
    if newest is not None and newest.interval and _moved_since(newest, last or 0):
        age = (timezone.now() - newest.at).total_seconds()
        if age > newest.interval:
            warning = (
                f"the newest checkpoint ({newest.name}, {newest.at.isoformat(timespec='seconds')})"
                f" is {age / 60:.0f} minutes old, older than the {newest.interval / 60:.0f} "
                "minutes it was taken to be renewed in, and the chain has moved since: "
                "checkpoints stopped, or newer ones were removed"
            )
    return CheckpointReport(checked, newest=newest, warning=warning)
