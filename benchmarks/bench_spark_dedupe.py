"""``make bench``: the Spark dedupe gives the same partition as ``vetting dedupe``, at scale.

Both run on the cached application batch of each size: the one-machine
``cluster()`` in this process, the Spark job in ``local[2]``. Prints the time of
each and the number of records whose cluster differs (0 is the target).

    python benchmarks/bench_spark_dedupe.py [--sizes 100k 1M]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench_matching import parse_size
from runs import _record
from workload import applications_path, read_people


def groups_of(assignment: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each record's whole cluster."""
    groups: dict[str, set[str]] = {}
    for member, cluster_id in assignment.items():
        groups.setdefault(cluster_id, set()).add(member)
    frozen = {cluster_id: frozenset(group) for cluster_id, group in groups.items()}
    return {member: frozen[cluster_id] for member, cluster_id in assignment.items()}


def library(size: int) -> tuple[dict[str, str], float]:
    from vetting.matching import cluster, normalize

    started = time.perf_counter()
    people = [normalize(_record(row)) for row in read_people(applications_path(size))]
    found = {m: c.id for c in cluster(people) for m in c.member_ids}
    return found, time.perf_counter() - started


def spark(size: int) -> tuple[dict[str, str], float]:
    from vetting.distributed.spark_dedupe import (
        build_session,
        dedupe_dataframe,
        valid_rows,
    )
    from vetting.distributed.spark_dedupe import (
        read_people as spark_people,
    )

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = build_session("local[2]", 8)
    session.sparkContext.setLogLevel("ERROR")
    try:
        started = time.perf_counter()
        df, _ = valid_rows(session, spark_people(session, str(applications_path(size))))
        found = {row.id: row.cluster_id for row in dedupe_dataframe(session, df).toLocalIterator()}
        return found, time.perf_counter() - started
    finally:
        session.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["100k", "1M"])
    args = parser.parse_args()
    failed = False
    for size in map(parse_size, args.sizes):
        ours, ours_s = library(size)
        theirs, theirs_s = spark(size)
        mine, other = groups_of(ours), groups_of(theirs)
        differ = sorted(m for m in mine if mine[m] != other.get(m))
        print(f"N = {size:,}: vetting dedupe {ours_s:.1f} s, Spark local[2] {theirs_s:.1f} s; "
              f"{len(differ)} records in other clusters"
              + (f" (e.g. {', '.join(differ[:5])})" if differ else ""), flush=True)
        failed |= bool(differ)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
