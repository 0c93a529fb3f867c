"""The auditor's workspace: the audit log filtered and paged, the chain's state, and the
filtered entries as a CSV file. Opening either is itself an audit entry."""

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from vetting.audit.actions import record, record_export
from vetting.audit.labels import action_label
from vetting.audit.models import AuditEvent, AuditHead
from vetting.auditor import selectors
from vetting.auditor.forms import AuditFilterForm, object_reference
from vetting.policy.access import staff_actor, staff_view
from vetting.spreadsheets import csv_writer

VIEW = "audit.view_auditevent"
HASH_SHOWN = 12  # characters of a hash the page shows


def _position(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _row(event: AuditEvent, gap_after: int | None) -> dict[str, Any]:
    """An entry as the page shows it: plain strings, formatted here once (50 rows a page)."""
    target = object_reference(event.target_type, event.target_id)
    return {
        "position": event.position,
        "at": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        "at_iso": event.at.isoformat(),
        "actor": event.actor_name,
        "actor_query": urlencode({"actor": event.actor_name}),
        "origin": event.origin,
        "label": action_label(event.action),
        "action": event.action,
        "action_query": urlencode({"action": event.action}),
        "object": target,
        "object_query": urlencode({"object": target}),
        "detail": json.dumps(event.detail, ensure_ascii=False, sort_keys=True)
        if event.detail
        else "",
        "hash": event.hash,
        "hash_short": event.hash[:HASH_SHOWN],
        "prev": event.prev_hash,
        "prev_short": event.prev_hash[:HASH_SHOWN],
        # Positions missing between this entry and the older one below it (unfiltered only).
        "gap": gap_after,
    }


def _rows(entries: list[AuditEvent], filtered: bool) -> list[dict[str, Any]]:
    rows = []
    for i, event in enumerate(entries):
        gap = None
        if not filtered and i + 1 < len(entries):
            missing = event.position - entries[i + 1].position - 1
            gap = missing if missing > 0 else None
        rows.append(_row(event, gap))
    return rows


@staff_view(VIEW)
def log(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filtered by the query string and paged on position."""
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    wanted = form.audit_filter() if request.GET and valid else selectors.AuditFilter()
    page = selectors.EntryPage([], None, None)
    if valid:
        page = selectors.entries_page(
            wanted, before=_position(request, "before"), after=_position(request, "after")
        )
    state = selectors.chain_state(
        settings.AUDIT_CHECKPOINT_DIR, settings.AUDIT_PUBLIC_KEY, settings.AUDIT_SIGNING_KEY
    )
    described = form.described() if request.GET and valid else {}
    shown = [e.position for e in page.entries]
    record(
        staff_actor(request),
        "audit.viewed",
        filter=described,
        entries=len(shown),
        **({"newest": shown[0], "oldest": shown[-1]} if shown else {}),
    )
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    filtered = any(described.values())
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "valid": valid,
            "rows": _rows(page.entries, filtered),
            "page": page,
            "query": query.urlencode(),
            "state": state,
            "filtered": filtered,
        },
    )


CSV_COLUMNS = [
    "position",
    "at",
    "actor",
    "action",
    "action_label",
    "object_type",
    "object_id",
    "origin",
    "detail",
    "prev_hash",
    "hash",
]


@staff_view(VIEW)
def export(request: HttpRequest) -> HttpResponseBase:
    """The filtered entries, oldest first, up to the chain's head when asked, as a CSV file
    whose cells a spreadsheet cannot run. The export's own entry names the filter and the last
    position it holds, so what left is known exactly."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return log(request)
    wanted = form.audit_filter() if request.GET else selectors.AuditFilter()
    head = AuditHead.objects.filter(pk=1).values_list("position", flat=True).first() or 0
    described = form.described() if request.GET else {}
    record_export(staff_actor(request), "audit.csv", upto=head, filter=described)

    def lines() -> Iterator[str]:
        buffer = _Line()
        writer = csv_writer(buffer)
        writer.writerow(CSV_COLUMNS)
        yield buffer.take()
        for event in selectors.entries_for_export(wanted, head):
            writer.writerow(
                [
                    event.position,
                    event.at.isoformat(),
                    event.actor_name,
                    event.action,
                    action_label(event.action),
                    event.target_type,
                    event.target_id,
                    event.origin,
                    json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
                    event.prev_hash,
                    event.hash,
                ]
            )
            yield buffer.take()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-upto-{head}.csv"'
    return response


class _Line:
    """What the CSV writer wrote since the last take: one row at a time for streaming."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text
