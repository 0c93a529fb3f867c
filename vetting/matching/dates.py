"""Birth dates: parsing full or partial ISO dates and judging how far two of them agree."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import NamedTuple

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BirthDate(NamedTuple):
    """A possibly partial date; 0 marks an unknown month or day, year 0 an unknown date."""

    year: int = 0
    month: int = 0
    day: int = 0

    def __str__(self) -> str:
        if not self.year:
            return ""
        parts = [f"{self.year:04d}", f"{self.month:02d}", f"{self.day:02d}"]
        return "-".join(parts[: 1 + bool(self.month) + bool(self.day)])


UNKNOWN = BirthDate()


def parse_date(text: str) -> BirthDate | None:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; "" is UNKNOWN, anything invalid is None."""
    text = text.strip()
    if not text:
        return UNKNOWN
    m = _ISO.match(text)
    if m is None:
        return None
    year = int(m[1])
    month = int(m[2]) if m[2] else 0
    day = int(m[3]) if m[3] else 0
    if not 1800 <= year <= 2100 or (m[2] and not 1 <= month <= 12):
        return None
    if m[3] and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return BirthDate(year, month, day)


@lru_cache(maxsize=1 << 16)
def parse_date_leniently(text: str) -> BirthDate:
    """Like `parse_date`, but reads `YYYY-DD-MM` when the month is impossible and drops junk."""
    parsed = parse_date(text)
    if parsed is not None:
        return parsed
    m = _ISO.match(text.strip())
    if m and m[3]:
        swapped = parse_date(f"{m[1]}-{m[3]}-{m[2]}")
        if swapped is not None:
            return swapped
    if m:
        return parse_date(m[1]) or UNKNOWN
    return UNKNOWN


class DateVerdict(NamedTuple):
    """How two birth dates relate: the evidence weight (log-odds) and the words for it.

    The words are formatted only when asked for, since bulk runs never read most of them.
    """

    weight: float
    template: str
    a: BirthDate = UNKNOWN
    b: BirthDate = UNKNOWN

    @property
    def words(self) -> str:
        return self.template.format(self.a, self.b)


# Evidence weights in log-odds units; a different year outweighs a perfect
# name because namesakes are common and birth years rarely mistyped by more
# than one.
EQUAL = DateVerdict(2.5, "equal")
MISSING = DateVerdict(0.0, "missing")


def _digit_edits(a: BirthDate, b: BirthDate) -> int:
    """How many digits differ between two full dates written as YYYYMMDD."""
    edits = 0
    for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day)):
        while x or y:
            edits += x % 10 != y % 10
            x, y = x // 10, y // 10
    return edits


def compare_dates(a: BirthDate, b: BirthDate) -> DateVerdict:
    """Judge two birth dates, tolerating swapped day and month, one-digit typos and ±1 year."""
    if not a.year or not b.year:
        return MISSING
    gap = abs(a.year - b.year)
    if gap > 2:
        return DateVerdict(-6.0, "years differ ({0.year} vs {1.year})", a, b)
    if gap == 2:
        return DateVerdict(-3.5, "years differ by 2 ({0.year} vs {1.year})", a, b)
    full = bool(a.day and b.day)
    if a == b and full:
        return EQUAL
    if not (a.month and b.month):
        if gap == 0:
            return DateVerdict(1.0, "same year")
        return DateVerdict(0.0, "years differ by 1 ({0.year} vs {1.year})", a, b)
    if not full:
        if gap == 0 and a.month == b.month:
            return DateVerdict(1.5, "same year and month")
        if gap == 0:
            return DateVerdict(-1.0, "same year, month differs ({0} vs {1})", a, b)
        return DateVerdict(-0.5, "years differ by 1 ({0} vs {1})", a, b)
    if gap == 0 and a.month == b.day and a.day == b.month:
        return DateVerdict(1.5, "day and month swapped")
    if _digit_edits(a, b) == 1:
        what = "year" if gap else "month" if a.month != b.month else "day"
        return DateVerdict(0.8, f"one-digit difference in {what} ({{0}} vs {{1}})", a, b)
    if (a.month, a.day) == (b.month, b.day):
        return DateVerdict(0.5, "year off by one ({0.year} vs {1.year})", a, b)
    if gap == 0:
        return DateVerdict(-2.5, "same year, otherwise different ({0} vs {1})", a, b)
    return DateVerdict(-3.0, "differ ({0} vs {1})", a, b)
