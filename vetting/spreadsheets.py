"""Cells a spreadsheet cannot run: every CSV and XLSX the project writes goes through here.

A cell that starts with = + - @, a tab or a carriage return is read by spreadsheet programs as
a formula (`=cmd|' /C calc'!A0` starts a program); such a text cell is written with a leading
apostrophe, which spreadsheets show as text and hide. Numbers stay numbers. No Django here: the
matching library's file commands use it too.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    """A text file, or anything with its write() (an HTTP response)."""

    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """The value, or, for text a spreadsheet would take for a formula, the text as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """`csv.writer` whose every text cell is made safe first."""

    def __init__(self, file: Writable, **options: Any) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file: Writable, **options: Any) -> SafeCsvWriter:
    """A CSV writer for files people open in a spreadsheet."""
    return SafeCsvWriter(file, **options)


def xlsx_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]], *, title: str = "") -> bytes:
    """A one-sheet workbook in which no cell is a formula: text is written as text (with the
    quote prefix spreadsheets show as text), whatever it starts with."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.title = title[:31]
    for row in (header, *rows):
        cells = []
        for value in row:
            if isinstance(value, str):
                # Control characters XML cannot carry become a visible mark, not a lost row.
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cells.append(value)
        sheet.append(cells)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl reads a string starting with = as a formula: make it text again.
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
