"""Lists taken out as spreadsheets: the rows a list page shows its reader, as CSV or XLSX.

Each list's export view reads through the same selectors and filters as its page, then hands
the rows here; the export is in the audit chain (ids, never content) before the file leaves.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from vetting.audit.actions import record_export
from vetting.policy.access import staff_actor
from vetting.spreadsheets import csv_writer, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# One file holds at most this many rows; a longer list is narrowed with its filters first.
EXPORT_LIMIT = 10_000


def spreadsheet(
    request: HttpRequest,
    fmt: str,
    *,
    name: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    shown: Sequence[int],
    target: Any = None,
    **detail: Any,
) -> HttpResponse:
    """The rows as a CSV or XLSX download named `name` (never a person), after its entry."""
    if fmt not in FORMATS:
        raise Http404
    table = [[_plain(v) for v in row] for row in rows]
    titles = [str(h) for h in header]
    what = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    record_export(staff_actor(request), what, target, rows=len(table), shown=list(shown), **detail)
    if fmt == "csv":
        text = io.StringIO()
        writer = csv_writer(text)
        writer.writerow(titles)
        writer.writerows(table)
        # With a byte-order mark spreadsheet programs read the Cyrillic as UTF-8.
        body = ("\ufeff" + text.getvalue()).encode()
    else:
        body = xlsx_bytes(titles, table, title=name)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{what}"'
    response["Cache-Control"] = "no-store"
    return response


def _plain(value: Any) -> Any:
    """Numbers stay numbers; times in local time and dates as ISO text; the rest as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
