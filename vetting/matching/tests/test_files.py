"""Reading CSV and FollowTheMoney files: bad rows are reported by line and skipped."""

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vetting.matching.files import (
    FileFormatError,
    RowError,
    dedupe_file,
    read_people_file,
    screen_files,
)
from vetting.spreadsheets import FORMULA_STARTS, xlsx_bytes


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_csv_reads_all_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        (
            "id,name,birth_date,gender,place_of_birth,unit,service_number,aliases\n"
            "a1,Николай Шишкарёв,1985-03-14,M,Курск,3rd,АБ-1,Kolya Shishkarev; N. Shishkarev\n"
        ).encode(),
    )
    batch = read_people_file(path)
    assert batch.errors == []
    (record,) = batch.records
    assert record.aliases == ("Kolya Shishkarev", "N. Shishkarev")
    assert (record.gender, record.place_of_birth, record.unit, record.service_number) == (
        "M",
        "Курск",
        "3rd",
        "АБ-1",
    )


def test_csv_bad_rows_are_reported_with_line_numbers_and_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        b"".join(
            [
                b"id,name,birth_date\n",
                b"a1,Ivan Petrov,1985-03-14\n",
                b",No Id,1985-03-14\n",
                b"a3,,1985-03-14\n",
                b"a4,Bad Date,1985-13-45\n",
                b"a5,Bad \xff\xfe Bytes,1985-03-14\n",
                b"a6,Too,Many,Fields\n",
                b'a7,"Quoted, Name\n on two lines",1990-01-01\n',
                b"a8,Last Good,\n",
            ]
        ),
    )
    batch = read_people_file(path)
    assert [r.id for r in batch.records] == ["a1", "a7", "a8"]
    assert batch.errors == [
        RowError(3, "missing id"),
        RowError(4, "empty name"),
        RowError(5, "bad birth date '1985-13-45' (expected YYYY-MM-DD)"),
        RowError(6, "invalid UTF-8"),
        RowError(7, "expected 3 fields, found 4"),
    ]
    assert str(batch.errors[0]) == "line 3: missing id"


def test_csv_line_numbers_count_multiline_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", b'id,name,birth_date\na1,"Two\nLines",\n,x,\n')
    assert read_people_file(path).errors == [RowError(4, "missing id")]


def test_csv_missing_required_column_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", b"id,name\na1,Ivan Petrov\n")
    with pytest.raises(FileFormatError, match="birth_date"):
        read_people_file(path)


def test_empty_csv_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="header"):
        read_people_file(write(tmp_path, "a.csv", b""))


def test_csv_header_with_bom_and_case_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "\ufeffID,Name,Birth_Date\na1,Ivan,\n".encode())
    assert [r.id for r in read_people_file(path).records] == ["a1"]


def entity(**props: list[str]) -> dict[str, object]:
    return {"id": "e1", "schema": "Person", "properties": props}


def test_jsonl_reads_person_entities(tmp_path: Path) -> None:
    lines = [
        entity(
            name=["Николай Шишкарёв"],
            alias=["Nikolay Shishkarev"],
            birthDate=["1985"],
            birthPlace=["Kursk"],
            gender=["male"],
            weakAlias=["Kolya"],
        ),
        {"id": "c1", "schema": "Company", "properties": {"name": ["Wagner"]}},
        {
            "id": "e2",
            "schema": "Person",
            "properties": {
                "firstName": ["Nikolay"],
                "lastName": ["Shishkarev"],
                "birthDate": ["1985-03"],
            },
        },
    ]
    text = "\n".join(json.dumps(e, ensure_ascii=False) for e in lines) + "\n"
    batch = read_people_file(write(tmp_path, "w.data", text.encode()))
    assert batch.skipped == 1 and batch.errors == []
    first, second = batch.records
    assert first.name == "Николай Шишкарёв"
    assert first.aliases == ("Nikolay Shishkarev",)
    assert (first.birth_date, first.place_of_birth, first.gender) == ("1985", "Kursk", "male")
    assert (second.name, second.birth_date) == ("Shishkarev Nikolay", "1985-03")


def test_jsonl_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    good = json.dumps(entity(name=["Ivan Petrov"]))
    data = (
        "\n".join(
            [
                good,
                "{not json",
                json.dumps({"schema": "Person", "properties": {"name": ["No Id"]}}),
                json.dumps(entity()),
                json.dumps(entity(name=["Bad Date"], birthDate=["sometime"])),
                "[]",
            ]
        ).encode()
        + b"\n"
        + good.encode()[:-3]
        + b'\xff"]}}\n'
        + good.encode()
    )
    batch = read_people_file(write(tmp_path, "w.jsonl", data))
    assert len(batch.records) == 2
    assert [(e.line, e.reason.split(" (")[0]) for e in batch.errors] == [
        (2, "invalid JSON"),
        (3, "missing id"),
        (4, "empty name"),
        (5, "bad birth date 'sometime'"),
        (6, "not a JSON object"),
        (7, "invalid UTF-8"),
    ]


def test_screen_and_dedupe_write_the_expected_csv(tmp_path: Path) -> None:
    watch = write(
        tmp_path,
        "w.csv",
        (
            "id,name,birth_date\n"
            "w1,Николай Александрович Шишкарёв,1985-03-14\n"
            "w2,Иван Петрович Сидоров,1970-01-01\n"
        ).encode(),
    )
    applicants = write(
        tmp_path,
        "a.csv",
        (
            b"id,name,birth_date\n"
            b"a1,Nikolay Shishkarey,1985-03-14\n"
            b"a2,John Smith,1990-01-01\n"
            b"a3,Chichkarev Nicolas,\n"
            b"a4,,\n"
        ),
    )
    out = tmp_path / "m.csv"
    summary = screen_files(read_people_file(watch), read_people_file(applicants), out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["applicant_id", "watchlist_id", "score", "explanation"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("a1", "w1"), ("a3", "w1")]
    assert all(len(r[2].split(".")[1]) == 4 for r in rows[1:])
    assert rows[1][3].startswith("surname: Shishkarey ~ Шишкарёв (1 edit after transliteration)")
    assert (summary.applicants, summary.watchlist, summary.matches) == (3, 2, 2)

    clusters = tmp_path / "c.csv"
    review = tmp_path / "review.csv"
    dedupe_file(read_people_file(applicants), clusters, review_out=review)
    rows = list(csv.reader(clusters.open(encoding="utf-8")))
    # a3 fits a1 by name alone (no birth date): a pair to review, never a link.
    assert rows == [["id", "cluster_id"], ["a1", "a1"], ["a2", "a2"], ["a3", "a3"]]
    pairs = list(csv.reader(review.open(encoding="utf-8")))
    assert [p[:2] for p in pairs] == [["a_id", "b_id"], ["a1", "a3"]]


ATTACK = "=cmd|' /C calc'!A0"


def test_screen_and_dedupe_outputs_cannot_run_a_formula(tmp_path: Path) -> None:
    """The attack: an id like `=cmd|' /C calc'!A0` went into `vetting screen --out` and
    `vetting dedupe --out` unchanged, and a spreadsheet would run it."""
    people = (
        f"id,name,birth_date\n{ATTACK},Николай Шишкарёв,1985-03-14\n"
        "+a2,Николай Шишкарёв,1985-03-14\n"
    )
    watch = write(tmp_path, "w.csv", b"id,name,birth_date\n@w1,Nikolay Shishkarev,1985-03-14\n")
    applicants = write(tmp_path, "a.csv", people.encode())
    screen_files(read_people_file(watch), read_people_file(applicants), tmp_path / "hits.csv")
    dedupe_file(read_people_file(applicants), tmp_path / "clusters.csv")
    for name in ("hits.csv", "clusters.csv"):
        with (tmp_path / name).open(newline="", encoding="utf-8") as f:
            cells = [cell for row in csv.reader(f) for cell in row]
        assert "'" + ATTACK in cells, name
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], name


def test_an_xlsx_cell_is_never_a_formula_and_no_control_character_loses_a_row() -> None:
    """openpyxl writes a string starting with = as a formula; every text cell is text."""
    texts = [ATTACK, *(start + "1+1" for start in FORMULA_STARTS), "bell\x07here"]
    body = xlsx_bytes(["value", "n"], [[t, 3] for t in texts])
    sheet_xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows[: len(FORMULA_STARTS) + 1]] == texts[:-1]
    assert rows[-1] == ["bell\ufffdhere", 3]
    assert all(sheet.cell(row=i, column=1).data_type == "s" for i in range(2, len(texts) + 2))
