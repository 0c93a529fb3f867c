"""What the auditor's page reads: the entries a filter selects, a page of them on position, all
of them for the export, and how far the chain is known to hold."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from vetting.audit import checkpoints
from vetting.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from vetting.audit.selectors import ChainReport, verify_stretch

PAGE_SIZE = 50
# Entries after the latest good checkpoint that the page verifies each time it opens; a longer
# stretch is left to `vetting audit verify`, and the page says so.
VERIFY_ON_PAGE = 2_000


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor asked for: any of actor, action, object (type and id) and time range."""

    actor: Any = None  # a staff account
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


def entries_matching(wanted: AuditFilter) -> QuerySet[AuditEvent]:
    """Every entry the filter selects, unordered."""
    events = AuditEvent.objects.all()
    if wanted.actor is not None:
        events = events.filter(actor=wanted.actor)
    if wanted.action:
        events = events.filter(action=wanted.action)
    if wanted.target_type:
        events = events.filter(target_type=wanted.target_type, target_id=wanted.target_id)
    if wanted.since is not None:
        events = events.filter(at__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(at__lte=wanted.until)
    return events


@dataclass(frozen=True)
class EntryPage:
    """A page of entries, newest first, and the positions to page on from (None: no more)."""

    entries: list[AuditEvent]
    newer: int | None
    older: int | None


def entries_page(
    wanted: AuditFilter,
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> EntryPage:
    """One page of the filtered entries, newest first: those just below position `before`, or
    just above `after`, or the newest. Keyset paging: each page is an index range scan, as fast
    at entry 10^7 as at entry 1, where an OFFSET would read every entry it skips."""
    events = entries_matching(wanted)
    if after is not None:
        rows = list(events.filter(position__gt=after).order_by("position")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        more_older = bool(rows) and events.filter(position__lt=rows[-1].position).exists()
    else:
        events_below = events if before is None else events.filter(position__lt=before)
        rows = list(events_below.order_by("-position")[: size + 1])
        more_older = len(rows) > size
        rows = rows[:size]
        more_newer = (
            before is not None
            and bool(rows)
            and events.filter(position__gt=rows[0].position).exists()
        )
    return EntryPage(
        rows,
        newer=rows[0].position if rows and more_newer else None,
        older=rows[-1].position if rows and more_older else None,
    )


def entries_for_export(wanted: AuditFilter, upto: int, batch: int = 2_000) -> Iterator[AuditEvent]:
    """Every filtered entry up to position `upto`, oldest first, read in keyset batches."""
    events = entries_matching(wanted).filter(position__lte=upto)
    last = 0
    while True:
        chunk = list(events.filter(position__gt=last).order_by("position")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].position


@dataclass(frozen=True)
class ChainState:
    """How far the chain is known to hold, as the auditor's page shows it.

    Entries up to the latest checkpoint were verified when it was signed (each checkpoint
    verifies the entries since the one before); the checkpoint's signature and the hash of its
    entry are checked again now, and up to VERIFY_ON_PAGE entries after it are verified now.
    """

    head: int  # the position the chain's head names
    last: int  # the last position stored
    checkpoint: Any  # the latest checkpoint (checkpoints.Checkpoint), or None
    checkpoint_problem: str  # why the latest checkpoint does not hold; "" when it does
    checkpoints: int  # how many checkpoint files there are
    verified_from: int  # the first entry verified now
    verified_upto: int  # the last entry known to hold
    broken: ChainReport | None  # the first break found now, if one

    @property
    def unverified(self) -> int:
        """Entries after the verified stretch that this page did not check."""
        return 0 if self.broken else max(self.last - self.verified_upto, 0)

    @property
    def removed_at_end(self) -> bool:
        return self.last < self.head


def chain_state(
    checkpoint_dir: Path, public_key_path: Path | None, signing_key_path: Path
) -> ChainState:
    """The chain's state: its head, the latest checkpoint and whether it holds, and the
    entries after it verified (up to VERIFY_ON_PAGE of them)."""
    head = AuditHead.objects.filter(pk=1).first()
    head_position = head.position if head else 0
    last = AuditEvent.objects.order_by("-position").values_list("position", flat=True).first()
    last = last or 0
    files = checkpoints.checkpoint_files(checkpoint_dir)
    latest, problem = None, ""
    after, prev_hash = 0, GENESIS_HASH
    if files:
        try:
            latest = checkpoints.read_checkpoint(files[-1])
            key = checkpoints.verifying_key(public_key_path, signing_key_path)
            problem = checkpoints.mismatch(latest, key, last_position=last)
        except checkpoints.CheckpointError as exc:
            problem = str(exc)
        if latest is not None and not problem:
            after, prev_hash = latest.position, latest.hash
    # Small batches: a break near the start is found without reading the whole stretch.
    report, upto, _hash = verify_stretch(after, prev_hash, after + VERIFY_ON_PAGE, batch=200)
    return ChainState(
        head=head_position,
        last=last,
        checkpoint=latest,
        checkpoint_problem=problem,
        checkpoints=len(files),
        verified_from=after + 1,
        verified_upto=upto,
        broken=None if report.ok else report,
    )
