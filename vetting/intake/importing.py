"""Reading lists of applications (CSV with a header, or JSON lines) row by row.

A problem with one row is a `RowError` naming its line and field; it never stops the rows
after it. A problem with the whole file (no header, a required column missing) is an
`ImportFileError` and nothing is stored.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

COLUMN_ALIASES = {"id": "external_id", "status": "applicant_status"}
REQUIRED_COLUMNS = ("external_id", "applicant_status", "language", "consent_text")
NAME_COLUMNS = ("name_cyrillic", "name_latin")
KNOWN_COLUMNS = frozenset(
    {
        *REQUIRED_COLUMNS,
        *NAME_COLUMNS,
        "birth_date",
        "place_of_birth",
        "citizenship",
        "detention_site",
        "rank",
        "unit",
        "service_number",
        "specialty",
        "contact",
        "statement",
        "submitted_at",
    }
)


def check_size(raw: BinaryIO, limit: int) -> None:
    """Refuse, before reading a row, a file larger than `limit` bytes (a setting)."""
    if not raw.seekable():
        return
    start = raw.tell()
    size = raw.seek(0, 2) - start
    raw.seek(start)
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s MB, over the import limit of %(limit)s MB; split it.")
            % {"size": round(size / 2**20, 1), "limit": round(limit / 2**20, 1)}
        )


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.message}"


Row = tuple[int, dict[str, str]]


def detect_format(file_name: str, head: bytes) -> str:
    """'jsonl' or 'csv', by extension first, then by the first non-blank byte."""
    lower = file_name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith((".csv", ".txt")):
        return "csv"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def _decoded_lines(raw: BinaryIO) -> Iterator[str]:
    # surrogateescape keeps invalid bytes visible as lone surrogates, so the row that holds
    # them can be refused with its line number instead of failing the whole file.
    first = True
    for line in raw:
        text = line.decode("utf-8", errors="surrogateescape")
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        yield text


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _bad_utf8(values: Iterable[tuple[str, str]]) -> str | None:
    """The first key whose value holds a byte that was not valid UTF-8."""
    for key, value in values:
        if _ESCAPED_BYTE.search(value):
            return key
    return None


def _canonical_column(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    return COLUMN_ALIASES.get(key, key)


def check_columns(columns: Iterable[str]) -> None:
    """Refuse a header that lacks a required column, naming it."""
    present = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if not present & set(NAME_COLUMNS):
        missing.append(" or ".join(NAME_COLUMNS))
    if missing:
        raise ImportFileError(_("missing column: %(columns)s") % {"columns": ", ".join(missing)})


def read_csv(raw: BinaryIO) -> Iterator[Row | RowError]:
    """Rows of a CSV file with a header, as dicts keyed by canonical column names."""
    lines = _decoded_lines(raw)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("the file is empty")) from None
    except csv.Error as exc:
        raise ImportFileError(_("line 1: not a CSV header (%(why)s)") % {"why": exc}) from None
    if _bad_utf8((str(i), h) for i, h in enumerate(header)) is not None:
        raise ImportFileError(_("line 1: the header is not valid UTF-8"))
    columns = [_canonical_column(h) for h in header]
    check_columns(columns)
    line = reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            yield RowError(start, "", _("not valid CSV (%(why)s)") % {"why": exc})
            continue
        line = reader.line_num
        if not values or not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            yield RowError(
                start,
                "",
                _("expected %(expected)s fields, found %(found)s")
                % {"expected": len(columns), "found": len(values)},
            )
            continue
        row = dict(zip(columns, values, strict=True))
        if (bad := _bad_utf8(row.items())) is not None:
            yield RowError(start, bad, _("not valid UTF-8"))
            continue
        yield start, row


def read_jsonl(raw: BinaryIO) -> Iterator[Row | RowError]:
    """Rows of a JSON-lines file: one object per line, keys as in the CSV header."""
    for number, text in enumerate(_decoded_lines(raw), start=1):
        if not text.strip():
            continue
        if _bad_utf8([("", text)]) is not None:
            yield RowError(number, "", _("not valid UTF-8"))
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RowError(
                number,
                "",
                _("not valid JSON (%(why)s at column %(column)s)")
                % {"why": exc.msg, "column": exc.colno},
            )
            continue
        if not isinstance(obj, dict):
            yield RowError(number, "", _("expected a JSON object"))
            continue
        row: dict[str, str] = {}
        for key, value in obj.items():
            if isinstance(value, dict | list):
                yield RowError(number, str(key), _("expected a text value"))
                break
            row[_canonical_column(str(key))] = "" if value is None else str(value)
        else:
            try:
                check_columns(row)
            except ImportFileError as exc:
                yield RowError(number, "", str(exc))
                continue
            yield number, row


def read_rows(raw: BinaryIO, file_name: str) -> Iterator[Row | RowError]:
    """Rows of either format; the format is detected from the name or the first bytes."""
    head = raw.peek(64)[:64] if hasattr(raw, "peek") else b""
    fmt = detect_format(file_name, head)
    return read_jsonl(raw) if fmt == "jsonl" else read_csv(raw)
