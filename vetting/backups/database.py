"""Taking a consistent copy of the database and putting it back, table by table, with raw
column values: nothing here knows what a column means, so a new table or an encrypted column
is carried without a change.

SQLite: the online backup API copies the file page by page under one read transaction.
PostgreSQL: one REPEATABLE READ READ ONLY transaction runs COPY ... TO STDOUT for every table;
restoring runs COPY ... FROM STDIN in one transaction (Django's foreign keys are deferred to the
commit, so the order of tables does not matter), then moves every sequence past its column's
largest value.
"""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_FILE = "database/sqlite3.db"
COPY_DIR = "database"
CHUNK = 1 << 20

# What `migrate` itself writes into a new database. A database holding rows in these tables only
# is as good as empty: restoring replaces them with the backup's.
MIGRATE_OWN_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "keys_datakey",  # the first data and index keys; the backup's replace them
    }
)


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: int


@dataclass
class Snapshot:
    """What a database export wrote: its files (archive name -> path) and what they hold."""

    vendor: str
    tables: list[Table] = field(default_factory=list)
    migrations: list[list[str]] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)


def project_tables() -> list[str]:
    """Every table of every installed app (with many-to-many tables) and Django's own
    migration record: what a backup must carry."""
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    }
    return sorted(names | {"django_migrations"})


def export(into: Path, using: str = "default") -> Snapshot:
    """Write a transaction-consistent copy of the database into the directory `into`."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        return _export_sqlite(connection, into)
    if connection.vendor == "postgresql":
        return _export_postgresql(connection, into)
    raise NotImplementedError(f"backups of {connection.vendor} databases")


def _export_sqlite(connection: BaseDatabaseWrapper, into: Path) -> Snapshot:
    path = into / SQLITE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=30)
    target = sqlite3.connect(str(path))
    try:
        # All pages in one step: one read transaction, so one moment in time.
        source.backup(target)
    finally:
        source.close()
    try:
        snapshot = Snapshot("sqlite", files={SQLITE_FILE: path})
        present = {
            name
            for (name,) in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        for name in sorted(present):
            columns = [row[1] for row in target.execute(f"PRAGMA table_info({_q(name)})")]
            (rows,) = target.execute(f"SELECT COUNT(*) FROM {_q(name)}").fetchone()
            snapshot.tables.append(Table(name, columns, rows))
        snapshot.migrations = [
            [app, name]
            for app, name in target.execute("SELECT app, name FROM django_migrations ORDER BY id")
        ]
    finally:
        target.close()
    return snapshot


def _export_postgresql(connection: BaseDatabaseWrapper, into: Path) -> Snapshot:
    (into / COPY_DIR).mkdir(parents=True, exist_ok=True)
    snapshot = Snapshot("postgresql")
    # A connection of its own, so the export never shares a transaction with the caller's.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name in project_tables():
            columns = _pg_columns(cursor, name)
            path = into / COPY_DIR / f"{name}.copy"
            rows = 0
            statement = f"COPY {_q(name)} ({', '.join(_q(c) for c in columns)}) TO STDOUT"
            with path.open("wb") as out, cursor.copy(statement) as copy:
                for data in copy:
                    rows += bytes(data).count(b"\n")
                    out.write(data)
            snapshot.tables.append(Table(name, columns, rows))
            snapshot.files[f"{COPY_DIR}/{name}.copy"] = path
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        snapshot.migrations = [[app, name] for app, name in cursor.fetchall()]
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return snapshot


def _pg_columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    columns = [name for (name,) in cursor.fetchall()]
    if not columns:
        raise LookupError(f"table {table} is missing from the database: run `vetting migrate`")
    return columns


def tables_holding_data(using: str = "default") -> list[str]:
    """Tables that hold a row beyond what `migrate` writes: a database to restore into must
    have none."""
    connection = connections[using]
    with connection.cursor() as cursor:
        held = []
        for name in sorted(connection.introspection.table_names(cursor)):
            if name in MIGRATE_OWN_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {_q(name)} LIMIT 1")
            if cursor.fetchone() is not None:
                held.append(name)
    return held


def applied_migrations(using: str = "default") -> set[tuple[str, str]]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return set()
        cursor.execute("SELECT app, name FROM django_migrations")
        return {(app, name) for app, name in cursor.fetchall()}


def load_sqlite(database_file: Path, using: str = "default") -> None:
    """Replace the (empty) SQLite database with the backup's, page by page."""
    connection = connections[using]
    name = str(connection.settings_dict["NAME"])
    connections.close_all()
    source = sqlite3.connect(str(database_file))
    target = sqlite3.connect(name, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def load_postgresql(tables: list[Table], open_member: Any, using: str = "default") -> None:
    """Empty every table of the backup and COPY the backup's rows in, in one transaction, then
    move every sequence past the largest value in its column. `open_member(name)` gives the
    binary stream of one table's COPY data."""
    from django.db import transaction

    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_q(t.name) for t in tables)}")
        for table in tables:
            columns = ", ".join(_q(c) for c in table.columns)
            source: BinaryIO = open_member(f"{COPY_DIR}/{table.name}.copy")
            statement = f"COPY {_q(table.name)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                while data := source.read(CHUNK):
                    copy.write(data)
        reset_sequences(cursor)


def reset_sequences(cursor: Any) -> None:
    """Set every serial or identity sequence of the schema to its column's largest value, so the
    next row gets a key that is not taken."""
    cursor.execute(
        "SELECT c.table_name, c.column_name, "
        "pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) "
        "FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
    )
    for table, column, sequence in cursor.fetchall():
        if sequence is None:
            continue
        cursor.execute(
            f"SELECT setval(%s, COALESCE(MAX({_q(column)}), 1), MAX({_q(column)}) IS NOT NULL) "
            f"FROM {_q(table)}",
            [sequence],
        )


def row_counts(tables: list[str], using: str = "default") -> dict[str, int]:
    connection = connections[using]
    counts = {}
    with connection.cursor() as cursor:
        for name in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
