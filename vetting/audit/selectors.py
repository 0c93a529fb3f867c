"""Reading and verifying the audit chain."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


def verify_stretch(
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
    report, last, prev_hash = verify_stretch(
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
