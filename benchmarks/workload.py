"""Benchmark data: watchlists and application batches of a given size, cached as people CSVs.

Generating a million synthetic persons takes tens of seconds, so each size is
written once under ``benchmarks/results/cache`` and read back on later runs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vetting.synthetic import (
    SyntheticApplicant,
    SyntheticWatchEntry,
    generate_applicants,
    generate_watchlist,
    people_row,
    write_people_csv,
)

RESULTS = Path(__file__).resolve().parent / "results"
CACHE = RESULTS / "cache"
QUERY_SEED = 4242
LISTED_SHARE = 0.5  # half the screened applicants are on the watchlist, spelt differently


@dataclass(frozen=True, slots=True)
class PeopleRow:
    """One row of a people CSV, the fields the matcher's ``Record`` takes."""

    id: str
    name: str
    birth_date: str
    gender: str
    place_of_birth: str
    unit: str
    service_number: str
    aliases: tuple[str, ...]


def query_applicants(count: int) -> list[SyntheticApplicant]:
    """The applicants screened in every benchmark run (same for all sizes)."""
    return generate_applicants(QUERY_SEED, count)


def truth_path(path: Path) -> Path:
    """The sidecar CSV (id, person_id) that says who each row really is."""
    return path.with_name(path.stem + "-truth.csv")


def _write(path: Path, rows: list[SyntheticWatchEntry] | list[SyntheticApplicant]) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(truth_path(path), "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("id", "person_id"))
        for row in rows:
            if isinstance(row, SyntheticWatchEntry):
                if row.person_id:
                    writer.writerow((row.id, row.person_id))
            else:
                writer.writerow((row.external_id, row.person_id))
    tmp = path.with_suffix(".tmp")
    write_people_csv(tmp, rows)
    tmp.replace(path)  # the data file appears last, so a cached file is always complete


def watchlist_path(size: int, queries: int) -> Path:
    """A watchlist of ``size`` entries containing about half of the query applicants."""
    path = CACHE / f"watchlist-{size}-q{queries}.csv"
    if not path.exists():
        apps = query_applicants(queries)
        share = min(1.0, LISTED_SHARE * queries / size)
        _write(path, generate_watchlist(size, size, apps, share_from_applicants=share))
    return path


def applications_path(size: int) -> Path:
    """A batch of ``size`` applications, about 5% of persons applying twice."""
    path = CACHE / f"applications-{size}.csv"
    if not path.exists():
        _write(path, generate_applicants(size, size))
    return path


def read_truth(path: Path) -> dict[str, str]:
    """Row id → true person id, from the sidecar of ``path``."""
    with open(truth_path(path), encoding="utf-8", newline="") as handle:
        return {row["id"]: row["person_id"] for row in csv.DictReader(handle)}


def read_people(path: Path) -> Iterator[PeopleRow]:
    """Rows of a people CSV (aliases split on ``;``)."""
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield PeopleRow(
                id=row["id"], name=row["name"], birth_date=row["birth_date"],
                gender=row["gender"], place_of_birth=row["place_of_birth"], unit=row["unit"],
                service_number=row["service_number"],
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )


def query_rows(count: int) -> list[PeopleRow]:
    """The query applicants as people rows."""
    return [
        PeopleRow(**{**row, "aliases": tuple(a for a in row["aliases"].split(";") if a)})
        for row in map(people_row, query_applicants(count))
    ]


def memory_mb() -> dict[str, float]:
    """Current and peak resident memory of this process, and the peak of its children, in MB."""
    import resource

    status: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value, _ = line.split()
                status[key.rstrip(":")] = int(value) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss": status["VmRSS"], "peak": status["VmHWM"], "children_peak": children}
