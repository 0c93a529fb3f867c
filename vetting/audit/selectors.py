"""Reading and verifying the audit chain."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from vetting.audit.actions import event_hash
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


def _events_in_order(batch: int = 5000) -> Iterator[AuditEvent]:
    last = 0
    while True:
        chunk = list(AuditEvent.objects.filter(position__gt=last).order_by("position")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].position


def verify_chain() -> ChainReport:
    """Check every entry's hash and link, and that the head matches the last entry."""
    prev_hash, expected, checked = GENESIS_HASH, 1, 0
    for event in _events_in_order():
        if event.position != expected:
            return ChainReport(checked, expected, f"entry #{expected} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.position, "does not link to the entry before it")
        if event_hash(event) != event.hash:
            return ChainReport(checked, event.position, "content does not match its hash")
        prev_hash, expected, checked = event.hash, expected + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.position != checked or head.hash != prev_hash):
        return ChainReport(checked, checked + 1, "entries after the last one were removed")
    return ChainReport(checked)
