"""Writers in several OS processes at once cannot fork the chain or lose an entry."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

PROCESSES, EACH = 4, 50


def database_url(tmp_path: Path) -> str:
    """The test database for PostgreSQL; for SQLite a file database of its own, because the
    test database is in memory and other processes cannot open it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'chain.sqlite3'}"
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    host = f"{quote(s['USER'], safe='')}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{host}/{quote(s['NAME'], safe='')}"


def vetting(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vetting", *args], env=env, capture_output=True, text=True
    )


def test_writers_in_several_processes_keep_one_linear_chain(tmp_path: Path) -> None:
    env = {**os.environ, "VETTING_DATABASE_URL": database_url(tmp_path)}
    if connection.vendor == "sqlite":
        migrated = vetting(env, "migrate", "--no-input", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
    appender = [sys.executable, "-m", "vetting.audit.tests.appender"]
    writers = [
        subprocess.Popen(
            [*appender, "append", str(EACH), str(tmp_path), f"w{n}"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "start").touch()  # all at once, each already connected to the database
    failures = [w.communicate(timeout=300)[1] for w in writers if w.wait(timeout=300) != 0]
    assert not failures, failures[0][-2000:]

    verified = vetting(env, "audit", "verify", "--dir", str(tmp_path / "no-checkpoints"))
    assert verified.returncode == 0, verified.stderr
    assert f"{PROCESSES * EACH} entries verified" in verified.stdout

    summary = subprocess.run(
        [*appender, "summary"], env=env, capture_output=True, text=True, check=True
    )
    chain = json.loads(summary.stdout)
    assert [position for position, _ in chain] == list(range(1, PROCESSES * EACH + 1))
    for n in range(PROCESSES):
        # Each writer's entries are all there, in the order it wrote them.
        assert [d["i"] for _, d in chain if d["process"] == f"w{n}"] == list(range(EACH))
