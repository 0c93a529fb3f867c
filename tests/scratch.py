"""Databases of their own for tests that run `vetting` as real processes (backups, killed
workers and imports): an SQLite file, or a PostgreSQL database created and dropped here, of the
same kind as the suite's database. Rows are read with the database driver, not Django, so a
check does not share code with what it checks."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
VETTING = [sys.executable, "-m", "vetting"]


def on_postgresql() -> bool:
    return bool(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"))


class ScratchDatabase:
    """A new, empty database with its own var/ directory (storages, keys)."""

    def __init__(self, tag: str, workdir: Path) -> None:
        self.var = workdir / tag
        self.var.mkdir(parents=True)
        self.env = {
            **os.environ,
            "VETTING_VAR_DIR": str(self.var),
            "VETTING_SECRET_KEY": "scratch-secret-key-for-tests-only",
            # One master key ring for every scratch database of a run, as an operator brings
            # the key ring to the machine a backup is restored on.
            "VETTING_MASTER_KEY_FILE": str(workdir / "master.keys"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("VETTING_TASKS_BACKEND", None)
        if on_postgresql():
            base = settings.DATABASES["default"]
            stem = base["TEST"].get("NAME") or f"test_{base['NAME']}"
            self.pg_name = f"{stem}_{tag}"
            self.pg = {
                "host": base["HOST"] or "127.0.0.1",
                "port": base["PORT"] or 5432,
                "user": base["USER"],
            }
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.env["VETTING_DATABASE_URL"] = (
                f"postgres://{self.pg['user']}@{self.pg['host']}:{self.pg['port']}/{self.pg_name}"
            )
        else:
            self.sqlite_path = self.var / "vetting.sqlite3"
            self.env["VETTING_DATABASE_URL"] = f"sqlite:///{self.sqlite_path}"

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(dbname="postgres", autocommit=True, **self.pg)

    def drop(self) -> None:
        if on_postgresql():
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    # Running the project's command line against this database.

    def run(self, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*VETTING, *args],
            env={**self.env, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"vetting {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*VETTING, *args],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    # Reading, with the driver.

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if on_postgresql():
            import psycopg

            with psycopg.connect(dbname=self.pg_name, **self.pg) as conn:
                statement = sql.replace("%", "%%").replace("?", "%s") if params else sql
                return list(conn.execute(statement, params or None).fetchall())
        conn = sqlite3.connect(self.sqlite_path, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.query(sql, params)[0][0]

    def tables(self) -> list[str]:
        if on_postgresql():
            rows = self.query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        else:
            rows = self.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        return sorted(name for (name,) in rows)

    def table_digests(self) -> dict[str, tuple[int, str]]:
        """Every table's row count and a digest of its rows (every column, raw values), in a
        row order that does not depend on how the rows were written."""
        digests = {}
        for table in self.tables():
            rows = sorted(repr(row) for row in self.query(f'SELECT * FROM "{table}"'))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            digests[table] = (len(rows), digest)
        return digests

    def files(self) -> dict[str, str]:
        """sha256 of every file under the storages, by path relative to var/."""
        found = {}
        for storage in ("scans", "evidence"):
            root = self.var / storage
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file():
                    name = path.relative_to(self.var).as_posix()
                    found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL: no handler runs, no transaction is finished, as in a power cut."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def scratch_databases(workdir: Path, *tags: str) -> Generator[list[ScratchDatabase], None, None]:
    """Databases for one test, dropped afterwards (a fixture body)."""
    made: list[ScratchDatabase] = []
    try:
        for tag in tags:
            made.append(ScratchDatabase(tag, workdir))
        yield made
    finally:
        for db in made:
            db.drop()
