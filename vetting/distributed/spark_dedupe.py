"""`vetting.matching.cluster` on Apache Spark: the same dedupe job spread over a cluster.

The one-machine `cluster()` files every person under their blocking keys, lets
each person read a capped number of candidates from their rarest keys, scores
the candidate pairs, and joins the pairs at or above the threshold strongest
first, refusing a merge that would put two clearly different records together.
Here every step runs in Spark, with the library's own code doing the per-record
work on the executors:

1. each row is normalized (`vetting.matching.normalize`) in `mapPartitions` and
   exploded into its blocking keys (`vetting.matching.index.blocking_keys`);
2. block sizes come from a group-by on the key; each person then reads its keys
   rarest first exactly as `Index.candidates(..., ranked=False)` does in a bulk
   run: at most READ_BUDGET members per block, blocks over KEY_CAP skipped once
   something was found, at most CANDIDATES candidates, pairs kept with i < j;
3. candidate pairs are scored with `vetting.matching.score` (after the same
   `could_reach` short cut) and kept at or above the threshold;
4. connected components of the kept pairs are found in Spark by iterative
   min-label propagation until no label changes;
5. within each component (a small group: the people one chain of links could
   join) the library's own `merge` runs unchanged: links of ambiguous records
   dropped, links strongest first, union-find, and no merge across clearly
   different records (CANNOT_LINK), so a record without a birth date does not
   chain namesakes together. Components are independent, so this gives exactly the
   partition `cluster()` gives;
6. `cluster_id` is the id of the component's first record in input order,
   which is also the id `cluster()` and `vetting dedupe` give the cluster.

Records are numbered in DataFrame order (`zipWithIndex`), which for one CSV
file is file order; the library numbers them in list order. The numbering
decides ties (which 400 members of a big block are read, which record names
a cluster), so the same order gives the same result.

Blocking keys are built from codes that are the same in every process (see
`vetting.matching.index._code`), so the driver, the executors and
`vetting dedupe` read the same candidates whatever their PYTHONHASHSEED; they
must run the same CPython version, which hashes tuples of ints alike.

Command line::

    python -m vetting.distributed.spark_dedupe --input people.csv --out clusters.csv \
        [--master local[4]] [--threshold 0.7]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import DataFrame, Row, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType

from vetting.matching import DEFAULT_THRESHOLD, Person, Record, normalize
from vetting.matching.clustering import CANDIDATES, READ_BUDGET, link, merge
from vetting.matching.dates import parse_date
from vetting.matching.index import FAMILY_WEIGHTS, KEY_CAP, blocking_keys
from vetting.spreadsheets import csv_writer

COLUMNS = (
    "id", "name", "birth_date", "gender", "place_of_birth", "unit", "service_number", "aliases",
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "name", "birth_date")

PEOPLE_SCHEMA = "number long, " + ", ".join(f"{c} string" for c in COLUMNS)
ENTRY_SCHEMA = "number long, key long, family int"
PAIR_SCHEMA = "i long, j long"
EDGE_SCHEMA = "i long, j long, score double"
ASSIGNMENT_SCHEMA = "number long, root long"
RESULT_SCHEMA = "id string, cluster_id string"

log = logging.getLogger(__name__)

# Label propagation checkpoints every round, so that the plan of round k does
# not carry the k joins before it.
MAX_ROUNDS = 10_000


# --- per-record work, run on the executors ---------------------------------------------


def row_record(row: Sequence[str]) -> Record:
    """The library's Record from the values of COLUMNS, in that order."""
    values = dict(zip(COLUMNS, row, strict=True))
    aliases = tuple(a.strip() for a in values["aliases"].split(";") if a.strip())
    return Record(
        id=values["id"],
        name=values["name"],
        birth_date=values["birth_date"],
        gender=values["gender"],
        place_of_birth=values["place_of_birth"],
        unit=values["unit"],
        service_number=values["service_number"],
        aliases=aliases,
    )


def row_error(row: Sequence[str]) -> str | None:
    """Why `vetting dedupe` would refuse this row (columns as COLUMNS), or None."""
    values = dict(zip(COLUMNS, row, strict=True))
    if not values["id"]:
        return "missing id"
    if not values["name"]:
        return "empty name"
    if parse_date(values["birth_date"]) is None:
        return f"bad birth date {values['birth_date']!r} (expected YYYY-MM-DD)"
    return None


def _entries(rows: Iterable[Row], key_mask: int) -> Iterator[tuple[int, int, int]]:
    """(number, key, family) for every blocking key of every person, masked as `Index.build`
    masks them."""
    for row in rows:
        for key, family in blocking_keys(normalize(row_record(row[1:]))).items():
            yield row.number, key & key_mask, family


def _reading_order(span: Row) -> tuple[int, int, int]:
    """The order `Index.candidates(ranked=False)` reads keys in: sharpest family, rarest key,
    then key order."""
    return (-FAMILY_WEIGHTS[span.family], span.size, span.key)


def _spans_to_read(row: Row) -> Iterator[tuple[int, int, int]]:
    """(number, key) for the keys a person's candidate search may read.

    The search reads keys smallest first and stops once it has CANDIDATES people or
    meets a key over KEY_CAP; a key with at least CANDIDATES readable members is
    therefore the last one read. Only those keys' member lists are gathered.
    """
    for position, span in enumerate(sorted(row.spans, key=_reading_order)):
        if position and span.size > KEY_CAP:
            return
        yield row.number, span.key, span.family
        if min(span.size, READ_BUDGET) >= CANDIDATES:
            return


def _candidate_pairs(row: Row) -> Iterator[tuple[int, int]]:
    """(i, j), j > i, for the candidates `Index.candidates(ranked=False)` gives person i."""
    met: dict[int, None] = {}
    for span in sorted(row.spans, key=_reading_order):
        if len(met) >= CANDIDATES or (span.size > KEY_CAP and met):
            break
        met.update(dict.fromkeys(span.members))
    for j in list(met)[:CANDIDATES]:
        if j > row.number:
            yield row.number, j


def _score_pairs(rows: Iterable[Row], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(i, j, score) for the pairs `cluster()` would link (see `clustering.link`)."""
    cache: dict[int, Person] = {}

    def person(number: int, fields: Sequence[str]) -> Person:
        found = cache.get(number)
        if found is None:
            if len(cache) > 50_000:
                cache.clear()
            found = cache[number] = normalize(row_record(fields))
        return found

    width = len(COLUMNS)
    for row in rows:
        a = person(row.i, row[2 : 2 + width])
        b = person(row.j, row[2 + width : 2 + 2 * width])
        value = link(a, b, threshold)
        if value is not None:
            yield row.i, row.j, value


def _merge_component(
    group: tuple[int, tuple[Iterable[Row], Iterable[tuple[float, int, int]]]],
) -> Iterator[tuple[int, int]]:
    """(number, root) for one connected component, merged as `cluster()` merges.

    The library's own `merge` runs on the component: no record outside it can change
    how its members are joined. The root is the smallest number.
    """
    _, (rows, links) = group
    ordered = sorted(rows, key=lambda row: row.number)
    numbers = [row.number for row in ordered]
    local = {number: k for k, number in enumerate(numbers)}
    people = [normalize(row_record(row[2:])) for row in ordered]
    pairs = [(value, local[i], local[j]) for value, i, j in links]
    for k, root in enumerate(merge(people, pairs)):
        yield numbers[k], numbers[root]


# --- the Spark job -----------------------------------------------------------------------


def key_mask(n: int) -> int:
    """The mask `Index.build` applies to blocking keys for `n` people."""
    shift = max(1, n.bit_length())
    return (1 << (62 - shift)) - 1


def people_columns(df: DataFrame) -> DataFrame:
    """`df` reduced to COLUMNS as strings ("" when absent); header names matched case-blind."""
    by_name = {c.lstrip("\ufeff").strip().casefold(): c for c in df.columns}
    missing = [c for c in REQUIRED_COLUMNS if c not in by_name]
    if missing:
        raise ValueError(f"missing required column(s) {', '.join(missing)}")
    columns = []
    for name in COLUMNS:
        if name not in by_name:
            columns.append(F.lit("").alias(name))
            continue
        column = F.col(f"`{by_name[name]}`")
        if isinstance(df.schema[by_name[name]].dataType, ArrayType):
            column = F.array_join(column, ";")
        columns.append(F.coalesce(column.cast("string"), F.lit("")).alias(name))
    return df.select(*columns)


def _strip(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple((value or "").strip() for value in values)


def _numbered(spark: SparkSession, df: DataFrame) -> DataFrame:
    rows = people_columns(df).rdd.zipWithIndex()
    return spark.createDataFrame(rows.map(lambda p: (p[1], *_strip(p[0]))), PEOPLE_SCHEMA)


def _checkpoint(df: DataFrame) -> DataFrame:
    # Reliable checkpoints when a directory is set (survive a lost executor), else local.
    if df.sparkSession.sparkContext.getCheckpointDir():
        return df.checkpoint()
    return df.localCheckpoint()


def connected_components(edges: DataFrame) -> DataFrame:
    """(node, label) for every node of `edges` (columns i, j): label = smallest node reachable.

    Iterative min-label propagation: each round every edge offers the smaller
    label of its two ends to both; rounds continue until no label changes.
    """
    nodes = edges.select(F.col("i").alias("node")).union(edges.select(F.col("j").alias("node")))
    labels = _checkpoint(nodes.distinct().withColumn("label", F.col("node")))
    for rounds in range(1, MAX_ROUNDS + 1):
        ends = edges.join(labels.toDF("i", "li"), "i").join(labels.toDF("j", "lj"), "j")
        offers = ends.select("i", "j", F.least("li", "lj").alias("offer"))
        offered = (
            offers.select(F.col("i").alias("node"), "offer")
            .union(offers.select(F.col("j").alias("node"), "offer"))
            .groupBy("node")
            .agg(F.min("offer").alias("offer"))
        )
        updated = _checkpoint(
            labels.join(offered, "node", "left").select(
                "node",
                F.least("label", F.coalesce("offer", "label")).alias("label"),
                (F.coalesce("offer", "label") < F.col("label")).alias("changed"),
            )
        )
        labels = updated.select("node", "label")
        if updated.where("changed").isEmpty():
            log.info("connected components settled after %d rounds", rounds)
            return labels
    raise RuntimeError(f"label propagation did not settle in {MAX_ROUNDS} rounds")


def dedupe_dataframe(
    spark: SparkSession, df: DataFrame, threshold: float = DEFAULT_THRESHOLD
) -> DataFrame:
    """DataFrame[id, cluster_id], one row per input row in input order, as `cluster()` groups them.

    `df` has the people-CSV columns (id, name, birth_date, gender,
    place_of_birth, unit, service_number, aliases; only the first three are
    required, names matched case-blind, aliases ";"-separated or an array).
    Every row is clustered; refuse bad rows beforehand (see `row_error`).
    Intermediate tables stay persisted (memory and disk) so that the result can
    be read without recomputing them; they go when the session ends.
    """
    storage = StorageLevel.MEMORY_AND_DISK
    people = _numbered(spark, df).persist(storage)
    n = people.count()
    if n == 0:
        return spark.createDataFrame([], RESULT_SCHEMA)

    # 1. Blocking keys, masked as the in-memory index masks them.
    entries = spark.createDataFrame(
        people.rdd.mapPartitions(partial(_entries, key_mask=key_mask(n))), ENTRY_SCHEMA
    ).persist(storage)
    sizes = entries.groupBy("key").agg(F.count(F.lit(1)).alias("size"))

    # 2. Candidate search: which keys each person reads, the first READ_BUDGET
    # members of those keys, and the candidates read from them.
    spans = entries.join(sizes, "key").groupBy("number")
    wanted = spark.createDataFrame(
        spans.agg(F.collect_list(F.struct("size", "key", "family")).alias("spans")).rdd.flatMap(
            _spans_to_read
        ),
        ENTRY_SCHEMA,
    ).persist(storage)
    first_members = Window.partitionBy("key").orderBy("number")
    members = (
        entries.join(wanted.select("key").distinct(), "key", "left_semi")
        .withColumn("rank", F.row_number().over(first_members))
        .where(F.col("rank") <= READ_BUDGET)
        .groupBy("key")
        .agg(F.sort_array(F.collect_list("number")).alias("members"))
    )
    read = wanted.join(sizes, "key").join(members, "key").groupBy("number")
    pairs = spark.createDataFrame(
        read.agg(
            F.collect_list(F.struct("size", "key", "family", "members")).alias("spans")
        ).rdd.flatMap(_candidate_pairs),
        PAIR_SCHEMA,
    )

    # 3. Scoring, both records carried along with the pair.
    def side(prefix: str) -> DataFrame:
        return people.select(*(F.col(c).alias(f"{prefix}{c}") for c in ("number", *COLUMNS)))

    both = (
        pairs.join(side("a_"), pairs.i == F.col("a_number"))
        .join(side("b_"), pairs.j == F.col("b_number"))
        .select("i", "j", *(f"a_{c}" for c in COLUMNS), *(f"b_{c}" for c in COLUMNS))
    )
    edges = spark.createDataFrame(
        both.rdd.mapPartitions(partial(_score_pairs, threshold=threshold)), EDGE_SCHEMA
    ).persist(storage)

    # 4. Connected components of the kept links.
    labels = connected_components(edges.select("i", "j"))

    # 5. The library's guarded merge within each component.
    in_component = people.join(labels.toDF("number", "label"), "number").select(
        "label", "number", *COLUMNS
    )
    component_people = in_component.rdd.map(lambda row: (row.label, row))
    component_links = edges.join(labels.toDF("i", "label"), "i").rdd.map(
        lambda row: (row.label, (row.score, row.i, row.j))
    )
    assignment = spark.createDataFrame(
        component_people.cogroup(component_links).flatMap(_merge_component), ASSIGNMENT_SCHEMA
    )

    # 6. Cluster id: the id of the cluster's first record in input order.
    rooted = people.select("number", "id").join(assignment, "number", "left")
    rooted = rooted.withColumn("root", F.coalesce("root", "number"))
    names = people.select(F.col("number").alias("root"), F.col("id").alias("cluster_id"))
    return rooted.join(names, "root").orderBy("number").select("id", "cluster_id")


# --- command line --------------------------------------------------------------------------


def read_people(
    spark: SparkSession, path: str, fmt: str | None = None, multiline: bool = False
) -> DataFrame:
    """People from CSV (header required, every column a string) or Parquet.

    `multiline` allows quoted fields spanning lines, at the price of reading
    each CSV file in one task instead of splitting it.
    """
    fmt = fmt or ("parquet" if path.rstrip("/").endswith(".parquet") else "csv")
    if fmt == "parquet":
        return spark.read.parquet(path)
    # A quote inside a quoted field is doubled (RFC 4180, Python's csv, the project's
    # writers); Spark's default escape is a backslash, which kept `"Иван ""Шишка"""`
    # with its quotes and read other text than `vetting dedupe` does.
    return spark.read.csv(
        path,
        header=True,
        inferSchema=False,
        encoding="UTF-8",
        multiLine=multiline,
        quote='"',
        escape='"',
    )


def _valid(row: tuple[str, ...]) -> bool:
    return row_error(row) is None


def valid_rows(spark: SparkSession, df: DataFrame) -> tuple[DataFrame, DataFrame]:
    """The rows `vetting dedupe` would accept, and the ones it would refuse."""
    rows = people_columns(df).rdd.map(_strip)
    schema = ", ".join(f"{c} string" for c in COLUMNS)
    accepted = spark.createDataFrame(rows.filter(_valid), schema)
    refused = spark.createDataFrame(rows.filter(lambda row: not _valid(row)), schema)
    return accepted, refused


def build_session(master: str | None, shuffle_partitions: int | None) -> SparkSession:
    builder = SparkSession.builder.appName("vetting-dedupe")
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            # Workers must run the same Python (and installed vetting) as the driver.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vetting.distributed.spark_dedupe",
        description="Group the records of one person, like `vetting dedupe`, on Apache Spark.",
    )
    parser.add_argument("--input", required=True, help="CSV or Parquet path (any Spark URI)")
    parser.add_argument("--format", choices=("csv", "parquet"), help="default: by suffix")
    parser.add_argument(
        "--csv-multiline", action="store_true", help="quoted CSV fields may span lines"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="local CSV file id,cluster_id, written by the driver")
    target.add_argument("--out-dir", help="CSV directory written by the executors (any URI)")
    parser.add_argument("--master", help="e.g. local[2]; omit under spark-submit")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--shuffle-partitions", type=int, help="spark.sql.shuffle.partitions")
    parser.add_argument("--checkpoint-dir", help="reliable checkpoints (e.g. hdfs:// or s3a://)")
    args = parser.parse_args(argv)

    spark = build_session(args.master, args.shuffle_partitions)
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)
    try:
        try:
            people = read_people(spark, args.input, args.format, args.csv_multiline)
            df, refused = valid_rows(spark, people)
        except ValueError as e:
            print(f"{args.input}: {e}", file=sys.stderr)
            return 2
        result = dedupe_dataframe(spark, df, args.threshold)
        if args.out_dir:
            result.write.mode("overwrite").csv(args.out_dir, header=True)
            records, clusters = None, None
        else:
            records, cluster_ids = 0, set()
            with Path(args.out).open("w", encoding="utf-8", newline="") as f:
                writer = csv_writer(f)
                writer.writerow(["id", "cluster_id"])
                for row in result.toLocalIterator():
                    writer.writerow([row.id, row.cluster_id])
                    records += 1
                    cluster_ids.add(row.cluster_id)
            clusters = len(cluster_ids)
        refused_count = refused.count()
        if refused_count:
            print(f"{refused_count} row(s) refused (missing id or name, bad birth date)")
        if records is not None:
            print(f"{records} records in {clusters} clusters -> {args.out}")
        else:
            print(f"clusters written to {args.out_dir}")
        return 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
