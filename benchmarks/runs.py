"""One measurement each, meant to run alone in a fresh process so peak memory is its own."""

from __future__ import annotations

import statistics
import time

from workload import (
    PeopleRow,
    applications_path,
    memory_mb,
    query_applicants,
    query_rows,
    read_people,
    read_truth,
    watchlist_path,
)


def _record(row: PeopleRow):
    from vetting.matching import Record

    return Record(
        id=row.id, name=row.name, birth_date=row.birth_date, gender=row.gender,
        place_of_birth=row.place_of_birth, unit=row.unit, service_number=row.service_number,
        aliases=row.aliases,
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def generate(size: int, queries: int) -> dict[str, object]:
    """Write (or find cached) the watchlist and application batch of ``size``."""
    started = time.perf_counter()
    watchlist_path(size, queries)
    watch_s = time.perf_counter() - started
    started = time.perf_counter()
    applications_path(size)
    return {"watchlist_s": watch_s, "applications_s": time.perf_counter() - started}


def screen(size: int, queries: int) -> dict[str, object]:
    """Build the index over a watchlist of ``size`` and time ``queries`` screenings.

    Query time includes normalizing the applicant's record, as in real use.
    """
    from vetting.matching import Index, normalize

    path = watchlist_path(size, queries)
    entry_person = read_truth(path)
    rows = list(read_people(path))
    records = [_record(row) for row in rows]
    del rows
    started = time.perf_counter()
    people = [normalize(record) for record in records]
    normalize_s = time.perf_counter() - started
    del records
    started = time.perf_counter()
    index = Index.build(people)
    index_s = time.perf_counter() - started
    del people
    after_build = memory_mb()

    apps = query_applicants(queries)
    query_records = [_record(row) for row in query_rows(queries)]
    listed_entries: dict[str, set[str]] = {}
    for entry_id, person_id in entry_person.items():
        listed_entries.setdefault(person_id, set()).add(entry_id)
    for record in query_records[:20]:  # warm caches before timing
        index.query(normalize(record))
    latencies = []
    listed = found = unlisted_flagged = 0
    for app, record in zip(apps, query_records, strict=True):
        started_ns = time.perf_counter_ns()
        hits = index.query(normalize(record))
        latencies.append((time.perf_counter_ns() - started_ns) / 1e6)
        expected = listed_entries.get(app.person_id)
        if expected:
            listed += 1
            found += any(hit.person.id in expected for hit in hits)
        else:
            unlisted_flagged += bool(hits)
    return {
        "size": size,
        "normalize_s": normalize_s,
        "index_s": index_s,
        "build_s": normalize_s + index_s,
        "rss_after_build_mb": after_build["rss"],
        "peak_rss_mb": memory_mb()["peak"],
        "queries": len(latencies),
        "median_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 0.99),
        "max_ms": max(latencies),
        "listed_queries": listed,
        "listed_found": found,
        "unlisted_with_hits": unlisted_flagged,
    }


def baseline(size: int, queries: int, count: int, cutoff: int) -> dict[str, object]:
    """The naive approach: unidecode + ``token_set_ratio`` over the whole list per query."""
    from rapidfuzz import fuzz, process
    from unidecode import unidecode

    path = watchlist_path(size, queries)
    started = time.perf_counter()
    choices = [unidecode(row.name).lower() for row in read_people(path)]
    prepare_s = time.perf_counter() - started
    latencies = []
    for row in query_rows(queries)[:count]:
        started_ns = time.perf_counter_ns()
        process.extract(
            unidecode(row.name).lower(), choices, scorer=fuzz.token_set_ratio,
            score_cutoff=cutoff, limit=10,
        )
        latencies.append((time.perf_counter_ns() - started_ns) / 1e6)
    return {
        "size": size,
        "prepare_s": prepare_s,
        "queries": len(latencies),
        "cutoff": cutoff,
        "median_ms": statistics.median(latencies),
        "p99_ms": _percentile(latencies, 0.99),
        "peak_rss_mb": memory_mb()["peak"],
    }


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the forked workers)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _quality(records: list, person_of: dict[str, str], clusters: list) -> dict[str, object]:
    from evaluation.dedupe import dedupe_result

    result = dedupe_result(records, person_of, clusters, 0.0)
    return {
        "clusters": len(clusters),
        "pairwise_precision": result.figures.precision,
        "pairwise_recall": result.figures.recall,
        "by_kind": [
            {"kind": k.kind, "true_pairs": k.true_pairs, "linked_pairs": k.linked_pairs,
             "recall": k.recall, "precision": k.precision}
            for k in result.by_kind
        ],
    }


def dedupe(size: int) -> dict[str, object]:
    """Cluster ``size`` applications; wall and CPU time, peak memory, pairwise quality per kind,
    and the recall once the pairs left for a person's review are decided."""
    from evaluation.dedupe import pairs_by_kind, reviewed_clusters
    from vetting.matching import normalize_all
    from vetting.matching.clustering import cluster_with_review

    path = applications_path(size)
    person_of = read_truth(path)
    records = [_record(row) for row in read_people(path)]
    started, cpu = time.perf_counter(), _cpu_s()
    people = normalize_all(records)
    normalize_s = time.perf_counter() - started
    started = time.perf_counter()
    found, review = cluster_with_review(people)
    clusters = [group.member_ids for group in found]
    cluster_s = time.perf_counter() - started
    cpu_s = _cpu_s() - cpu
    memory = memory_mb()
    del people
    decided = reviewed_clusters(person_of, clusters, [(pair.a, pair.b) for pair in review])
    by_id = {record.id: record for record in records}
    after_review = pairs_by_kind(by_id, person_of, decided)
    return {
        "size": size,
        "normalize_s": normalize_s,
        "cluster_s": cluster_s,
        "dedupe_s": normalize_s + cluster_s,
        "dedupe_cpu_s": cpu_s,
        "peak_rss_mb": max(memory["peak"], memory["children_peak"]),
        "review_pairs": len(review),
        "recall_after_review": sum(k.correct_pairs for k in after_review)
        / max(1, sum(k.true_pairs for k in after_review)),
        "by_kind_after_review": [{"kind": k.kind, "recall": k.recall} for k in after_review],
        **_quality(records, person_of, clusters),
    }


def dedupe_baseline(size: int) -> dict[str, object]:
    """The naive dedupe (same birth date, unidecode + token_set_ratio) on the same batch."""
    from evaluation.dedupe import naive_clusters

    path = applications_path(size)
    person_of = read_truth(path)
    records = [_record(row) for row in read_people(path)]
    started, cpu = time.perf_counter(), _cpu_s()
    clusters = naive_clusters(records)
    seconds, cpu_s = time.perf_counter() - started, _cpu_s() - cpu
    return {
        "size": size,
        "dedupe_s": seconds,
        "dedupe_cpu_s": cpu_s,
        "peak_rss_mb": memory_mb()["peak"],
        **_quality(records, person_of, clusters),
    }
