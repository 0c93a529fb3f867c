"""A screening worker killed in the middle of a task (SIGKILL: no handler, no clean exit), as a
real `vetting db_worker` process on the suite's kind of database. After a new worker and the
sweep, every application is screened, no hit is there twice and no task is lost."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scratch import ScratchDatabase, kill, scratch_databases, wait_until

APPLICATIONS = 1000
WORKER = ("db_worker", "--no-startup-delay", "--interval", "0.2", "-v", "0")


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[ScratchDatabase]:
    databases = scratch_databases(tmp_path, "worker")
    (db,) = next(databases)
    try:
        yield db
    finally:
        databases.close()


def screened(db: ScratchDatabase) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM screening_screeningstate"))


def tasks_by_status(db: ScratchDatabase) -> dict[str, int]:
    rows = db.query("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY 1")
    return dict(rows)


def test_a_killed_worker_loses_no_screening(scratch: ScratchDatabase) -> None:
    db = scratch
    db.run("migrate", "-v", "0")
    # Demo data without screening it: the tasks it would queue go nowhere.
    db.run(
        "generate-demo",
        "--seed", "5",
        "--applications", str(APPLICATIONS),
        "--watchlist-entries", "800",
        VETTING_TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
    )  # fmt: skip
    assert screened(db) == 0
    db.run("screening", "sweep")  # screening for every application, in tasks of 500

    worker = db.start(*WORKER)
    try:
        wait_until(lambda: screened(db) >= 50, timeout=300, what="screening to start")
    finally:
        kill(worker)
    at_kill = screened(db)
    assert 0 < at_kill < APPLICATIONS, "the worker was to be killed half way"
    assert tasks_by_status(db).get("RUNNING") == 1, "a task was to be running when killed"

    # A new worker takes what is still queued; the killed worker's task stays RUNNING until
    # the sweep puts it back in the queue and re-finds what is unscreened.
    db.run(*WORKER, "--batch")
    db.run("screening", "sweep", "--stale-after", "0")
    db.run(*WORKER, "--batch")

    assert screened(db) == APPLICATIONS
    assert db.scalar("SELECT COUNT(DISTINCT fingerprint) FROM screening_screeningstate") == 1
    hits = db.scalar("SELECT COUNT(*) FROM screening_screeninghit")
    assert hits > 0
    assert (
        db.query(
            "SELECT application_id, entry_id FROM screening_screeninghit "
            "GROUP BY application_id, entry_id HAVING COUNT(*) > 1"
        )
        == []
    )
    statuses = tasks_by_status(db)
    assert set(statuses) == {"SUCCESSFUL"}, statuses
    workers = [
        ids if isinstance(ids, list) else json.loads(ids)
        for (ids,) in db.query("SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    ]
    assert sorted(len(w) for w in workers)[-2:] == [1, 2], "the killed task ran again, once"
    assert db.scalar("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'tasks.requeued'") == 1
    db.run("audit", "verify")
