"""Writing to the audit chain. Every state change in the project calls `record` or `record_many`
inside its own transaction, so the change and its audit entry land together or not at all."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from vetting.audit.actors import Actor, Via
from vetting.audit.labels import ACTION_LABELS, UndeclaredEvent
from vetting.audit.models import AuditEvent, AuditHead
from vetting.bulk import insert_many

__all__ = ["Actor", "Entry", "Via", "record", "record_export", "record_many", "record_refusal"]


@dataclass(frozen=True)
class Entry:
    """An audit entry before it is chained."""

    action: str
    target_type: str = ""
    target_id: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def entry_hash(
    prev_hash: str,
    position: int,
    at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    origin: str,
    detail: dict[str, Any],
) -> str:
    """The hash that commits an entry to its content and to the entry before it."""
    body = json.dumps(
        [
            position,
            at.isoformat(),
            actor_id,
            actor_name,
            action,
            target_type,
            target_id,
            origin,
            detail,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def event_hash(event: AuditEvent) -> str:
    """Recompute a stored event's hash from its stored fields."""
    return entry_hash(
        event.prev_hash,
        event.position,
        event.at,
        event.actor_id,
        event.actor_name,
        event.action,
        event.target_type,
        event.target_id,
        event.origin,
        event.detail,
    )


def record_many(actor: Actor, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append entries to the chain in order, under the chain-head lock."""
    if not entries:
        return []
    if undeclared := sorted({e.action for e in entries} - ACTION_LABELS.keys()):
        raise UndeclaredEvent(f"audit events not declared in vetting.audit.labels: {undeclared}")
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get_or_create(pk=1)[0]
        at = timezone.now()
        events = []
        prev, position = head.hash, head.position
        for entry in entries:
            position += 1
            event = AuditEvent(
                position=position,
                at=at,
                actor_id=actor.user_id,
                actor_name=actor.name,
                action=entry.action,
                target_type=entry.target_type,
                target_id=str(entry.target_id),
                origin=actor.origin[:128],
                detail=_json_roundtrip(entry.detail),
                prev_hash=prev,
            )
            event.hash = event_hash(event)
            prev = event.hash
            events.append(event)
        insert_many(events)
        head.position, head.hash = position, prev
        head.save(update_fields=["position", "hash"])
    return events


def record(actor: Actor, action: str, target: Any = None, **detail: Any) -> AuditEvent:
    """Append one entry; `target` is a model instance (named by type and primary key) or None."""
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
    return record_many(actor, [Entry(action, target_type, target_id, detail)])[0]


def _json_roundtrip(detail: dict[str, Any]) -> dict[str, Any]:
    # Store exactly what the hash saw: values the database would turn into other types
    # (dates, decimals) become their string forms first.
    result: dict[str, Any] = json.loads(json.dumps(detail, default=str))
    return result


def record_refusal(
    actor: Actor,
    *,
    status: int,
    view: str,
    target_type: str = "",
    target_id: str = "",
    exists: bool | None = None,
    action: str = "",
) -> AuditEvent:
    """Record that a staff page refused someone: a 403, or the 404 that answers for an object
    outside the user's restriction (`exists` tells the auditor which of the two it was), and
    the action the policy refused, if it was one."""
    detail: dict[str, Any] = {"status": status, "view": view}
    if action:
        detail["action"] = action
    if exists is not None:
        detail["exists"] = exists
    return record_many(actor, [Entry("staff.refused", target_type, str(target_id), detail)])[0]


def record_export(
    actor: Actor, what: str, target: Any = None, *, rows: int | None = None, **detail: Any
) -> AuditEvent:
    """Record that staff took data out as a file: `what` names the export ("cases.csv"),
    `target` the object it is of, if one, `rows` how many records it holds.

    Call it before the file is handed out, so no export leaves without its entry. `detail`
    names objects by id, never by content.
    """
    if rows is not None:
        detail["rows"] = rows
    return record(actor, "staff.exported", target, what=what, **detail)
