"""The PostgreSQL databases the benchmarks measure on: each made afresh, by name, on the server
of the admin database (VETTING_BENCH_PG_ADMIN)."""

import os

PG_ADMIN_URL = os.environ.get("VETTING_BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_url(name: str) -> str:
    """The URL of database `name` on the admin database's server."""
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def fresh_postgres(name: str) -> str:
    """Drop database `name` if it is there (closing its connections), create it empty, and
    return its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return postgres_url(name)
