import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import verify_chain
from vetting.intake import actions
from vetting.intake.importing import ImportFileError
from vetting.intake.models import Application, ImportBatch

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,name_cyrillic,name_latin,birth_date,applicant_status,detention_site,"
    "language,consent_text\n"
)
GOOD = (
    "s-{n},Иван Петрович Сидоров,Ivan Sidorov,1990-01-{d:02d},pow,Site 3,ru,"
    "Я прошу принять меня добровольно\n"
)


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def run(data: bytes, name: str = "list.csv", source: str = "site-3", **kw):
    return actions.import_applications(
        io.BytesIO(data), file_name=name, source=source, actor=Actor(origin="test"), **kw
    )


def test_bad_rows_are_reported_by_line_and_field_and_good_rows_stored() -> None:
    report = run(
        csv_bytes(
            GOOD.format(n=1, d=1),
            "s-2,,12345,1990-01-01,pow,Site 3,ru,Добровольно\n",
            "s-3,Пётр Петров,,2099-01-01,civilian,,ru,Добровольно\n",
            GOOD.format(n=4, d=4),
            "s-5,Пётр Петров,,1990-01-01,pirate,,ru,Добровольно\n",
        )
    )
    assert report.created == 2
    assert {(e.line, e.field) for e in report.errors} == {
        (3, "name_latin"),
        (4, "birth_date"),
        (6, "applicant_status"),
    }
    stored = Application.objects.order_by("source_line")
    assert [(a.external_id, a.source_line) for a in stored] == [("s-1", 2), ("s-4", 5)]


def test_importing_the_same_file_twice_creates_nothing_new() -> None:
    data = csv_bytes(*(GOOD.format(n=i, d=i % 28 + 1) for i in range(30)))
    first, second = run(data), run(data)
    assert (first.created, second.created, second.already_present) == (30, 0, 30)
    assert Application.objects.count() == 30
    assert AuditEvent.objects.filter(action="application.created").count() == 30


def test_the_same_ids_from_another_source_are_other_applications() -> None:
    data = csv_bytes(GOOD.format(n=1, d=1))
    run(data, source="site-3")
    run(data, source="site-4")
    assert Application.objects.count() == 2


def test_invalid_utf8_is_refused_by_line() -> None:
    bad = "s-2,Иван \udcff Сидоров,,1990-01-01,pow,Site 3,ru,Добровольно\n"
    data = csv_bytes(GOOD.format(n=1, d=1)) + bad.encode("utf-8", "surrogateescape")
    report = run(data)
    assert report.created == 1
    assert [(e.line, e.field, e.message) for e in report.errors] == [
        (3, "name_cyrillic", "not valid UTF-8")
    ]


def test_missing_column_refuses_the_file_and_stores_nothing() -> None:
    data = b"external_id,name_cyrillic,language,consent_text\ns-1,\xd0\x98\xd0\xb2,ru,yes\n"
    with pytest.raises(ImportFileError, match="missing column: applicant_status"):
        run(data)
    assert Application.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_wrong_number_of_fields_is_a_row_error() -> None:
    report = run(csv_bytes("s-1,Иван Сидоров\n", GOOD.format(n=2, d=2)))
    assert report.created == 1
    assert report.errors[0].line == 2
    assert "expected 8 fields, found 2" in report.errors[0].message


def test_repeated_id_within_a_file_is_refused() -> None:
    report = run(csv_bytes(GOOD.format(n=1, d=1), GOOD.format(n=1, d=2)))
    assert report.created == 1
    assert (report.errors[0].line, report.errors[0].field) == (3, "external_id")
    assert "line 2" in report.errors[0].message


def test_json_lines_import() -> None:
    rows = [
        {
            "id": "j-1",
            "name_latin": "Aleksei Morozov",
            "status": "soldier",
            "language": "en",
            "consent_text": "I apply voluntarily",
            "birth_date": "1991-05-06",
        },
        {"id": "j-2", "name_latin": "Ivan", "status": "soldier", "language": "en"},
    ]
    data = ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n").encode()
    report = run(data, name="list.jsonl")
    assert report.created == 1
    assert [(e.line, e.message.split(" (")[0].split(":")[0]) for e in report.errors] == [
        (2, "missing column"),
        (3, "not valid JSON"),
    ]


def test_a_finished_batch_keeps_the_counts_of_its_chunks() -> None:
    data = csv_bytes(*(GOOD.format(n=i, d=i % 28 + 1) for i in range(25)))
    run(csv_bytes(*(GOOD.format(n=i, d=i % 28 + 1) for i in range(5))), chunk_size=10)
    report = run(data, chunk_size=10)
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.finished_at is not None
    assert (batch.rows_total, batch.rows_created, batch.rows_already_present) == (25, 20, 5)


def test_crash_half_way_leaves_whole_chunks_and_rerun_completes(monkeypatch) -> None:
    data = csv_bytes(*(GOOD.format(n=i, d=i % 28 + 1) for i in range(25)))
    real_store = actions._store_chunk
    calls = {"n": 0}

    def crashing_store(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real_store(*args, **kwargs)

    monkeypatch.setattr(actions, "_store_chunk", crashing_store)
    with pytest.raises(RuntimeError):
        run(data, chunk_size=10)
    assert Application.objects.count() == 20
    assert AuditEvent.objects.filter(action="application.created").count() == 20
    monkeypatch.setattr(actions, "_store_chunk", real_store)
    report = run(data, chunk_size=10)
    assert (report.created, report.already_present) == (5, 20)
    assert Application.objects.count() == 25
    assert verify_chain().ok


def test_failure_inside_a_chunk_stores_no_row_of_it(monkeypatch) -> None:
    data = csv_bytes(*(GOOD.format(n=i, d=i % 28 + 1) for i in range(5)))

    def failing_audit(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "record_many", failing_audit)
    with pytest.raises(RuntimeError):
        run(data)
    assert Application.objects.count() == 0


def test_import_command_reports_rows_and_summary(tmp_path, capsys) -> None:
    path = tmp_path / "site.csv"
    path.write_bytes(
        csv_bytes(GOOD.format(n=1, d=1), "s-2,,,1990-01-01,pow,Site 3,ru,Добровольно\n")
    )
    call_command("import_applications", str(path))
    out, err = capsys.readouterr()
    assert "2 rows: 1 created, 0 already present, 1 refused" in out
    assert "site.csv: line 3, name_cyrillic:" in err


def test_import_command_names_the_missing_column(tmp_path) -> None:
    path = tmp_path / "site.csv"
    path.write_text("id,name_latin,language,consent_text\n1,Ivan Sidorov,en,yes\n")
    with pytest.raises(
        CommandError, match="missing column: applicant_status; nothing was imported"
    ):
        call_command("import_applications", str(path))


def test_a_field_too_large_for_csv_is_a_row_error() -> None:
    huge = "s-2,Иван Сидоров,,1990-01-01,pow,Site 3,ru," + "x" * 200_000 + "\n"
    report = run(csv_bytes(huge, GOOD.format(n=3, d=3)))
    assert report.created == 1
    # Refused as CSV, or (where a library raised the csv module's process-wide field limit)
    # as a field over its length: a row error either way, and the other row stored.
    [error] = report.errors
    assert error.line == 2
    assert "not valid CSV" in error.message or "at most 2000 characters" in error.message


@pytest.mark.django_db
def test_an_import_file_over_the_limit_is_refused_naming_the_limit(settings: Any) -> None:
    """The attack: a 30 MB file was accepted; the limit is a setting (50 MB by default)."""
    from vetting.accounts.tests.factories import make_staff, signed_in_client
    from vetting.policy.roles import Role

    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = b"external_id,name_cyrillic\n" + b"x" * (2 * 1024 * 1024)
    client = signed_in_client(make_staff(Role.INTAKE_CLERK, "limit-clerk"))
    response = client.post(
        "/en/staff/import/", {"file": SimpleUploadedFile("big.csv", big), "source": "s"}
    )
    assert response.status_code == 200
    assert "over the import limit of 1.0 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()
