"""`vetting import-applications` killed in the middle of a large file (SIGKILL, as a power cut
would), then run again on the same file: every row is there exactly once, with its case and its
audit entry, and the import batches say what happened. (test_import.py has the same crash inside
one process; here the process really dies.)"""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scratch import ScratchDatabase, kill, scratch_databases, wait_until
from vetting.synthetic import generate_applicants

ROWS = 12_000
CHUNK = 1000  # import_applications' chunk size
CONSENT = {"ru": "Я подаю заявление добровольно.", "uk": "Я подаю заяву добровільно."}


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[ScratchDatabase]:
    databases = scratch_databases(tmp_path, "import")
    (db,) = next(databases)
    try:
        yield db
    finally:
        databases.close()


def write_site_list(path: Path) -> None:
    columns = ["external_id", "name_cyrillic", "name_latin", "birth_date", "applicant_status"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*columns, "detention_site", "language", "consent_text"])
        for i, a in enumerate(generate_applicants(3, ROWS)):
            language = "uk" if a.language == "uk" else "ru"
            birth = a.birth_date.isoformat() if a.birth_date else ""
            site = a.detention_site or "Site 7"
            writer.writerow(
                [f"row-{i:06d}", a.name_cyrillic, a.name_latin, birth, a.status, site, language,
                 CONSENT[language]]
            )  # fmt: skip


def count(db: ScratchDatabase) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM intake_application"))


def test_import_killed_half_way_and_run_again_stores_every_row_once(
    scratch: ScratchDatabase, tmp_path: Path
) -> None:
    db = scratch
    db.run("migrate", "-v", "0")
    site_list = tmp_path / "site-7.csv"
    write_site_list(site_list)
    args = ("import-applications", str(site_list), "--source", "site-7")

    importing = db.start(*args)
    try:
        wait_until(lambda: count(db) >= 3 * CHUNK, timeout=300, what="three chunks stored")
    finally:
        kill(importing)
    at_kill = count(db)
    assert 0 < at_kill < ROWS, "the import was to be killed half way"
    assert at_kill % CHUNK == 0, "a killed import leaves whole chunks only"
    assert (
        db.scalar("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'application.created'")
        == at_kill
    )
    assert db.scalar("SELECT COUNT(*) FROM cases_case") == at_kill

    again = db.run(*args)
    assert f"{ROWS} rows: {ROWS - at_kill} created, {at_kill} already present, 0 refused" in (
        again.stdout
    )

    assert count(db) == ROWS
    assert db.scalar("SELECT COUNT(DISTINCT external_id) FROM intake_application") == ROWS
    assert db.scalar("SELECT COUNT(*) FROM cases_case") == ROWS
    assert (
        db.scalar("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'application.created'")
        == ROWS
    )
    batches = db.query(
        "SELECT finished_at IS NOT NULL, rows_total, rows_created, rows_already_present, "
        "rows_refused FROM intake_importbatch ORDER BY id"
    )
    assert [tuple(int(v) for v in b) for b in batches] == [
        (0, 0, at_kill, 0, 0),  # killed: never finished (the import page says "interrupted")
        (1, ROWS, ROWS - at_kill, at_kill, 0),
    ]
    finished = db.query("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'import.finished'")
    assert finished == [(1,)]
    db.run("audit", "verify")
