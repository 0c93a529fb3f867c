"""Whatever a watchlist file holds, reading it never crashes: each line is a record or a RowError
naming the line and what is wrong, a file-level problem is a FileFormatError, and the upload
page answers with a form error, never a 500."""

import csv
import io
import itertools
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.matching.files import Batch, FileFormatError, read_csv, read_jsonl
from vetting.matching.person import Record
from vetting.policy.roles import Role
from vetting.screening.models import WatchlistEntry

FAST = settings(max_examples=300, deadline=None)
HEADER = "id,name,birth_date,aliases\n"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)
PROPERTIES = [
    "name",
    "firstName",
    "lastName",
    "fatherName",
    "alias",
    "weakAlias",
    "birthDate",
    "gender",
    "birthPlace",
]
entities = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=10) | json_values,
        "schema": st.sampled_from(["Person", "Company"]) | json_values,
        "properties": st.dictionaries(st.sampled_from(PROPERTIES), json_values, max_size=5)
        | json_values,
    },
)

people = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=10),
        "schema": st.just("Person"),
        "properties": st.dictionaries(st.sampled_from(PROPERTIES), json_values, max_size=5),
    }
)


def check(batch: Batch, lines: int) -> None:
    for record in batch.records:
        assert isinstance(record, Record) and record.id and record.name
    for error in batch.errors:
        assert 1 <= error.line <= lines + 1 and error.reason
    assert len(batch.records) + len(batch.errors) + batch.skipped <= lines + 1


def read(reader: Any, text: str) -> Batch | None:
    try:
        return reader(io.StringIO(text, newline=""))  # type: ignore[no-any-return]
    except FileFormatError as exc:
        assert str(exc)
        return None


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_either_reader(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    for reader in (read_csv, read_jsonl):
        batch = read(reader, text)
        if batch is not None:
            check(batch, text.count("\n") + text.count("\r"))


@FAST
@given(st.lists(st.lists(st.text(max_size=30), max_size=6), max_size=8))
def test_csv_rows_after_a_good_header_are_records_or_errors_with_their_line(
    rows: list[list[str]],
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    text = HEADER + out.getvalue()
    batch = read(read_csv, text)
    assert batch is not None
    check(batch, text.count("\n") + text.count("\r"))


@FAST
@given(st.lists(people | entities | json_values, max_size=6))
def test_any_json_lines_are_records_skips_or_errors_with_their_line(items: list[Any]) -> None:
    text = "\n".join(json.dumps(item) for item in items)
    batch = read(read_jsonl, text)
    assert batch is not None
    check(batch, len(items))
    for record in batch.records:
        assert isinstance(record.birth_date, str) and all(
            isinstance(a, str) for a in record.aliases
        )


_names = itertools.count(1)


@pytest.fixture
def officer(db: None) -> Client:
    return signed_in_client(make_staff(Role.SECURITY_OFFICER))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600), st.sampled_from(["list.csv", "list.jsonl", "list.txt"]))
def test_the_upload_page_never_answers_500(officer: Client, data: bytes, name: str) -> None:
    client = officer
    before = WatchlistEntry.objects.count()
    response = client.post(
        "/en/staff/screening/watchlists/",
        {"watchlist": f"list {next(_names)}", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    stored = WatchlistEntry.objects.count() - before
    if stored == 0:
        assert response.context["form"].errors["file"]
