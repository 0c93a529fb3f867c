"""Whatever bytes arrive as a list, reading them never crashes: each row is a row or a RowError,
and a file-level problem is an ImportFileError."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from vetting.intake.importing import ImportFileError, Row, RowError, read_rows

HEADER = b"external_id,name_cyrillic,applicant_status,language,consent_text\n"


def read_all(data: bytes, name: str) -> list[Row | RowError]:
    try:
        return list(read_rows(io.BufferedReader(io.BytesIO(data)), name))  # type: ignore[arg-type]
    except ImportFileError:
        return []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["list.csv", "list.jsonl", "list"]))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes, name: str) -> None:
    for item in read_all(data, name):
        if isinstance(item, RowError):
            assert item.line >= 1 and item.message
        else:
            line, row = item
            assert line >= 1 and all(isinstance(v, str) for v in row.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_arbitrary_csv_rows_after_a_good_header_are_rows_or_row_errors(cells: list[str]) -> None:
    import csv

    text = io.StringIO()
    csv.writer(text).writerow(cells)
    data = HEADER + text.getvalue().encode("utf-8", "surrogatepass")
    items = read_all(data, "list.csv")
    assert all(isinstance(i, RowError | tuple) for i in items)
