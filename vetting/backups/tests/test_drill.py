"""The restore drill, as an operator runs it: a seeded demo (applications, screening hits, cases
along the workflow, scans and evidence files), `vetting backup`, a new empty database, `vetting
restore`; then every table row for row, the audit chain and every file byte for byte. Runs on
the suite's kind of database (SQLite file or a PostgreSQL database made for it)."""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.scratch import ScratchDatabase, scratch_databases


@dataclass
class Drill:
    workdir: Path
    source: ScratchDatabase
    target: ScratchDatabase
    backup: Path
    digests: dict[str, tuple[int, str]]
    files: dict[str, str]
    head: tuple[int, str]
    restore_output: str

    @property
    def identity(self) -> str:
        return str(self.source.var / "keys" / "backup-identity.txt")


def _attachments(var: Path) -> None:
    """Scans and evidence as the storages keep them (any bytes, nested by month)."""
    for i in range(5):
        scan = var / "scans" / "2026" / f"{i + 1:02d}" / f"application-{i}.pdf"
        scan.parent.mkdir(parents=True, exist_ok=True)
        scan.write_bytes(os.urandom(20_000 + i * 7_919))
    evidence = var / "evidence" / "2026" / "05" / "claim-1.bin"
    evidence.parent.mkdir(parents=True, exist_ok=True)
    evidence.write_bytes(bytes(range(256)) * 40)


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    workdir = tmp_path_factory.mktemp("drill")
    databases = scratch_databases(workdir, "source", "restore")
    source, target = next(databases)
    try:
        source.run("migrate", "-v", "0")
        source.run(
            "generate-demo", "--seed", "11", "--applications", "300", "--watchlist-entries", "400"
        )
        source.run("db_worker", "--batch", "--no-startup-delay", "-v", "0")
        _attachments(source.var)
        digests, files = source.table_digests(), source.files()
        head = source.query("SELECT position, hash FROM audit_audithead")[0]
        backup = workdir / "drill.age"
        source.run("backup", str(backup))
        restored = target.run(
            "restore",
            str(backup),
            VETTING_BACKUP_IDENTITY=str(source.var / "keys" / "backup-identity.txt"),
        )
        yield Drill(workdir, source, target, backup, digests, files, head, restored.stdout)
    finally:
        databases.close()


def test_the_demo_is_a_real_one(drill: Drill) -> None:
    counts = {table: rows for table, (rows, _) in drill.digests.items()}
    assert counts["intake_application"] == 300
    assert counts["screening_screeninghit"] > 0
    assert counts["screening_screeningstate"] == 300
    assert counts["cases_stagechange"] > 0 and counts["cases_polygraphsession"] > 0
    assert counts["audit_auditevent"] > 300
    assert len(drill.files) == 6


def test_every_table_comes_back_row_for_row(drill: Drill) -> None:
    restored = drill.target.table_digests()
    assert set(restored) == set(drill.digests)
    differ = [t for t in drill.digests if restored[t] != drill.digests[t]]
    assert differ == []


def test_the_audit_chain_comes_back_whole_and_verifies(drill: Drill) -> None:
    assert drill.target.query("SELECT position, hash FROM audit_audithead")[0] == drill.head
    assert f"audit chain intact: {drill.head[0]} entries verified" in drill.restore_output
    verified = drill.target.run("audit", "verify")
    assert f"{drill.head[0]} entries verified" in verified.stdout


def test_every_file_comes_back_byte_for_byte(drill: Drill) -> None:
    assert drill.target.files() == drill.files


def test_the_backup_is_encrypted(drill: Drill) -> None:
    data = drill.backup.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    (statement,) = drill.source.query(
        "SELECT statement FROM intake_application WHERE statement <> '' LIMIT 1"
    )[0]
    assert statement.encode()[:40] not in data
    assert b"intake_application" not in data


def test_the_backup_is_in_the_audit_chain_of_the_source(drill: Drill) -> None:
    actions = drill.source.query(
        "SELECT action FROM audit_auditevent WHERE position > ?", (drill.head[0],)
    )
    assert actions == [("backup.created",)]


def test_restore_refuses_a_database_that_holds_data(drill: Drill) -> None:
    again = drill.target.run(
        "restore", str(drill.backup), "--identity", drill.identity, check=False
    )
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr
    assert drill.target.scalar("SELECT COUNT(*) FROM intake_application") == 300


def test_the_restored_database_takes_new_rows(drill: Drill, tmp_path: Path) -> None:
    # Keys continue after the restored rows (sequences reset), and the chain goes on.
    site_list = tmp_path / "after-restore.csv"
    site_list.write_text(
        "external_id,name_latin,applicant_status,language,consent_text\n"
        "after-1,Ivan Sidorov,civilian,en,I apply of my own free will.\n"
        "after-2,Petro Ivanenko,civilian,en,I apply of my own free will.\n"
    )
    imported = drill.target.run("import-applications", str(site_list), "--source", "drill")
    assert "2 created" in imported.stdout
    assert drill.target.scalar("SELECT COUNT(*) FROM intake_application") == 302
    drill.target.run("audit", "verify")


@pytest.mark.parametrize("where", ["header", "middle", "last byte"])
def test_a_backup_altered_by_one_byte_is_refused(drill: Drill, where: str) -> None:
    data = bytearray(drill.backup.read_bytes())
    position = {"header": 40, "middle": len(data) // 2, "last byte": len(data) - 1}[where]
    data[position] ^= 0x01
    altered = drill.workdir / f"altered-{where.replace(' ', '-')}.age"
    altered.write_bytes(bytes(data))
    databases = scratch_databases(drill.workdir / "altered" / where.replace(" ", "-"), "empty")
    (empty,) = next(databases)
    try:
        refused = empty.run("restore", str(altered), "--identity", drill.identity, check=False)
        assert refused.returncode != 0
        assert "does not decrypt" in refused.stderr
        assert "Nothing was restored" in refused.stderr
        assert empty.tables() == []
        assert empty.files() == {}
    finally:
        databases.close()


def test_a_cut_short_backup_is_refused(drill: Drill) -> None:
    cut = drill.workdir / "cut.age"
    shutil.copyfile(drill.backup, cut)
    with cut.open("r+b") as f:
        f.truncate(cut.stat().st_size - 70_000)
    databases = scratch_databases(drill.workdir / "cut", "empty")
    (empty,) = next(databases)
    try:
        refused = empty.run("restore", str(cut), "--identity", drill.identity, check=False)
        assert refused.returncode != 0 and "does not decrypt" in refused.stderr
        assert empty.tables() == []
    finally:
        databases.close()
