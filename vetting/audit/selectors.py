"""Reading and verifying the audit chain."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext

from vetting.audit.actions import event_hash
from vetting.audit.labels import READS
from vetting.audit.models import GENESIS_HASH, AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many entries were checked and the first broken one."""

    checked: int
    first_broken: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


# Actions that belong to a compartment: only holders of the permission see them in a timeline.
COMPARTMENT_ACTIONS = {
    "screening.": "screening.view_screeninghit",
    "application.screened": "screening.view_screeninghit",
    # An open hit on a volunteer is the services' until they confirm it (the flag is for all
    # the file's readers).
    "volunteer.screening_hit": "screening.view_screeninghit",
    # Who was refused what is for the auditor, not for the object's other readers.
    "staff.refused": "audit.view_auditevent",
}


def timeline_for(user: Any, *targets: tuple[str, object]) -> QuerySet[AuditEvent]:
    """The timeline of one or more objects (type, id), oldest first, without the events of
    compartments the user is not in."""
    match = Q()
    for target_type, target_id in targets:
        match |= Q(target_type=target_type, target_id=str(target_id))
    events = AuditEvent.objects.filter(match).order_by("position")
    for prefix, permission in COMPARTMENT_ACTIONS.items():
        if not user.has_perm(permission):
            events = events.exclude(action__startswith=prefix)
    return events


@dataclass(frozen=True)
class Timeline:
    """An object's history as people read it: the changes in order, and the reads folded into
    one line that opens (who read it, how often, when)."""

    changes: list[AuditEvent]
    reads: list[AuditEvent]

    @property
    def readers(self) -> int:
        return len({event.actor_name or event.origin for event in self.reads})

    @property
    def reads_summary(self) -> str:
        """ "Viewed 14 times by 4 people", in the reader's language."""
        times = ngettext("viewed %(n)s time", "viewed %(n)s times", len(self.reads)) % {
            "n": len(self.reads)
        }
        people = ngettext("by %(n)s person", "by %(n)s people", self.readers) % {"n": self.readers}
        return gettext("%(times)s %(people)s") % {"times": times, "people": people}


def folded_timeline(events: Iterable[AuditEvent]) -> Timeline:
    """Split a timeline into its changes and its reads (`labels.READS`)."""
    changes: list[AuditEvent] = []
    reads: list[AuditEvent] = []
    for event in events:
        (reads if event.action in READS else changes).append(event)
    return Timeline(changes, reads)


def _events_in_order(
    after: int = 0, upto: int | None = None, batch: int = 5000
) -> Iterator[AuditEvent]:
    last = after
    while True:
        events = AuditEvent.objects.filter(position__gt=last)
        if upto is not None:
            events = events.filter(position__lte=upto)
        chunk = list(events.order_by("position")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].position


def _walk(
    after: int, prev_hash: str, upto: int | None, batch: int = 5000
) -> tuple[ChainReport, int, str]:
    """Check the entries after `after` (whose hash is `prev_hash`) up to `upto`: the report, and
    the position and hash of the last entry that held."""
    expected, checked = after + 1, 0
    for event in _events_in_order(after, upto, batch):
        if event.position != expected:
            return (
                ChainReport(checked, expected, f"entry #{expected} is missing"),
                expected - 1,
                prev_hash,
            )
        if event.prev_hash != prev_hash:
            report = ChainReport(checked, event.position, "does not link to the entry before it")
            return report, expected - 1, prev_hash
        if event_hash(event) != event.hash:
            report = ChainReport(checked, event.position, "content does not match its hash")
            return report, expected - 1, prev_hash
        prev_hash, expected, checked = event.hash, expected + 1, checked + 1
    return ChainReport(checked), expected - 1, prev_hash


def verify_chain(
    after: int = 0, prev_hash: str | None = None, upto: tuple[int, str] | None = None
) -> ChainReport:
    """Check every entry's hash and link, and that the head matches the last entry.

    With `after` and `prev_hash` (a checkpoint's), the check starts after that entry; with
    `upto` (a head's position and hash read earlier), it stops there, and that entry must have
    that hash.
    """
    report, last, prev_hash = _walk(
        after, GENESIS_HASH if prev_hash is None else prev_hash, upto[0] if upto else None
    )
    if not report.ok:
        return report
    checked = report.checked
    if upto is not None:
        if last != upto[0]:
            return ChainReport(checked, last + 1, f"entry #{last + 1} is missing")
        if prev_hash != upto[1]:
            return ChainReport(checked, last, "does not have the hash the head names")
        return ChainReport(checked)
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.position != last or head.hash != prev_hash):
        return ChainReport(checked, last + 1, "entries after the last one were removed")
    return ChainReport(checked)


# The auditor's page ----------------------------------------------------------------------------

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
    from vetting.audit import checkpoints  # it imports this module

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
    report, upto, _hash = _walk(after, prev_hash, after + VERIFY_ON_PAGE, batch=200)
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
