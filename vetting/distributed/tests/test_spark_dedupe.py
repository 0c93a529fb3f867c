"""The Spark dedupe job gives the same clusters as `vetting.matching.cluster`, at small scale."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence

import pytest

pytest.importorskip(
    "pyspark", reason="pyspark is in the optional 'spark' group: uv sync --group spark"
)

from pyspark.sql import SparkSession  # noqa: E402

from vetting.distributed.spark_dedupe import COLUMNS, dedupe_dataframe  # noqa: E402
from vetting.matching import Record, cluster, normalize  # noqa: E402
from vetting.synthetic import generate_applicants, people_row  # noqa: E402

Rows = Sequence[dict[str, str]]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # Python workers must run this interpreter, where vetting is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("vetting-dedupe-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # py4j logs its connection closing at interpreter exit, after pytest closed the streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    yield session
    session.stop()


def library_clusters(rows: Rows) -> dict[str, str]:
    """id -> cluster id, from the one-machine `cluster()`."""
    people = [
        normalize(
            Record(
                **{k: v for k, v in row.items() if k != "aliases"},
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
        )
        for row in rows
    ]
    return {member: c.id for c in cluster(people) for member in c.member_ids}


def reference(spark: SparkSession, rows: Rows) -> dict[str, str]:
    # Blocking keys are hash() values and tie-breaks follow them, so the reference
    # runs in a Spark Python worker, under the same PYTHONHASHSEED as the job.
    result: dict[str, str] = (
        spark.sparkContext.parallelize([0], 1).map(lambda _: library_clusters(rows)).collect()[0]
    )
    return result


def spark_clusters(spark: SparkSession, rows: Rows) -> dict[str, str]:
    df = spark.createDataFrame([tuple(row[c] for c in COLUMNS) for row in rows], list(COLUMNS))
    return {row.id: row.cluster_id for row in dedupe_dataframe(spark, df).collect()}


def partition(assignment: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for member, cluster_id in assignment.items():
        groups.setdefault(cluster_id, set()).add(member)
    return {frozenset(group) for group in groups.values()}


def row(id: str, name: str, birth_date: str = "", gender: str = "") -> dict[str, str]:
    blank = dict.fromkeys(COLUMNS, "")
    return blank | {"id": id, "name": name, "birth_date": birth_date, "gender": gender}


def test_hand_made_cases(spark: SparkSession) -> None:
    rows = [
        row("r1", "Шишкарёв Николай", "1985-03-14"),
        row("r2", "Nikolay Shishkarev", "1985-03-14"),
        row("r3", "Шишкарёва Наталья", "1987-01-01"),
        # A record without a birth date fits two namesakes born years apart equally
        # well: the library neither chains them nor guesses, so all three stay apart.
        row("c1", "Петренко Олександр Іванович", ""),
        row("c2", "Petrenko Oleksandr Ivanovych", "1979-05-02"),
        row("c3", "Петренко Александр Иванович", "1994-11-23"),
    ]
    got = spark_clusters(spark, rows)
    assert got["r1"] == got["r2"] == "r1"
    assert got["r3"] == "r3"
    assert (got["c1"], got["c2"], got["c3"]) == ("c1", "c2", "c3")
    assert got == reference(spark, rows)


def test_same_clusters_as_library(spark: SparkSession) -> None:
    applicants = generate_applicants(seed=7, n=300)
    rows = [people_row(applicant) for applicant in applicants]
    assert len({r["id"] for r in rows}) == len(rows)

    started = time.perf_counter()
    got = spark_clusters(spark, rows)
    seconds = time.perf_counter() - started
    expected = reference(spark, rows)
    print(f"\nspark dedupe: {len(rows)} records, local[2], {seconds:.1f} s")

    assert set(got) == {r["id"] for r in rows}
    assert partition(got) == partition(expected)
    assert got == expected  # same cluster ids too: the first record's id
    assert any(len(group) > 1 for group in partition(got))
