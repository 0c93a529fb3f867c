"""Deduplication check: cluster generated applications beside a naive baseline, per kind.

A pair of records is one of the kinds below, whether it is a true pair (two
applications of one person) or a linked one; recall is taken over the true
pairs of a kind and precision over the linked pairs of that kind, so a kind
that tempts false links shows it.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evaluation.metrics import ClusterFigures, cluster_figures
from vetting.synthetic import SyntheticApplicant, generate_applicants, people_row

if TYPE_CHECKING:
    from vetting.matching import Record

NO_DATE = "no birth date on one side"
OTHER_DATE = "birth dates differ"
OTHER_SCRIPT = "same date, other script"
SAME_SCRIPT = "same date, same script"
KINDS = (SAME_SCRIPT, OTHER_SCRIPT, OTHER_DATE, NO_DATE)

# The naive baseline links two records born the same day whose romanized names
# score at least this on token_set_ratio.
BASELINE_CUTOFF = 90


@dataclass(frozen=True, slots=True)
class KindPairs:
    """Pairwise counts of one kind of duplicate."""

    kind: str
    true_pairs: int
    linked_pairs: int
    correct_pairs: int

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.linked_pairs if self.linked_pairs else 1.0


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Pairwise figures of one clustering run, overall and per kind, with size and duration."""

    applications: int
    persons: int
    figures: ClusterFigures
    by_kind: tuple[KindPairs, ...]
    seconds: float
    cpu_seconds: float = 0.0


def applicant_record(app: SyntheticApplicant) -> Record:
    """The matcher's ``Record`` for one application (both name forms kept)."""
    from vetting.matching import Record

    row = people_row(app)
    return Record(
        id=row["id"], name=row["name"], birth_date=row["birth_date"], gender=row["gender"],
        place_of_birth=row["place_of_birth"], unit=row["unit"],
        service_number=row["service_number"],
        aliases=tuple(a for a in row["aliases"].split(";") if a),
    )


def _scripts(record: Record) -> set[bool]:
    """For each name of a record, whether it is written in Cyrillic."""
    return {any("\u0400" <= c <= "\u04ff" for c in name) for name in (record.name, *record.aliases)}


def duplicate_kind(a: Record, b: Record) -> str:
    """Which kind of duplicate (or of false link) the pair `a`, `b` is."""
    if not a.birth_date or not b.birth_date:
        return NO_DATE
    if a.birth_date != b.birth_date:
        return OTHER_DATE
    return SAME_SCRIPT if _scripts(a) & _scripts(b) else OTHER_SCRIPT


def _pairs(groups: Iterable[Sequence[str]]) -> Iterator[tuple[str, str]]:
    for group in groups:
        yield from itertools.combinations(sorted(group), 2)


def pairs_by_kind(
    records: Mapping[str, Record],
    person_of: Mapping[str, str],
    clusters: Iterable[Sequence[str]],
) -> tuple[KindPairs, ...]:
    """True, linked and correct pairs of each kind, for ``clusters`` of record ids."""
    persons: dict[str, list[str]] = {}
    for record_id, person in person_of.items():
        persons.setdefault(person, []).append(record_id)
    true: Counter[str] = Counter()
    for a, b in _pairs(persons.values()):
        true[duplicate_kind(records[a], records[b])] += 1
    linked: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for a, b in _pairs(clusters):
        kind = duplicate_kind(records[a], records[b])
        linked[kind] += 1
        correct[kind] += person_of[a] == person_of[b]
    return tuple(KindPairs(k, true[k], linked[k], correct[k]) for k in KINDS)


def _root(parent: list[int], i: int) -> int:
    """The root of `i` in a union-find forest, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def naive_clusters(records: Sequence[Record], cutoff: int = BASELINE_CUTOFF) -> list[list[str]]:
    """The naive dedupe: records born the same day whose unidecoded names have a
    ``token_set_ratio`` of at least `cutoff` are joined (transitively); no date, no link."""
    from rapidfuzz import fuzz, process
    from unidecode import unidecode

    by_date: dict[str, list[int]] = {}
    for number, record in enumerate(records):
        if record.birth_date:
            by_date.setdefault(record.birth_date, []).append(number)
    parent = list(range(len(records)))

    for numbers in by_date.values():
        if len(numbers) < 2:
            continue
        names = [unidecode(records[i].name).lower() for i in numbers]
        scores = process.cdist(names, names, scorer=fuzz.token_set_ratio, score_cutoff=cutoff)
        for x, y in zip(*scores.nonzero(), strict=True):
            if x < y:
                parent[_root(parent, numbers[x])] = _root(parent, numbers[y])
    groups: dict[int, list[str]] = {}
    for number, record in enumerate(records):
        groups.setdefault(_root(parent, number), []).append(record.id)
    return list(groups.values())


def reviewed_clusters(
    person_of: Mapping[str, str],
    clusters: Iterable[Sequence[str]],
    review: Iterable[tuple[str, str]],
) -> list[list[str]]:
    """The clusters once a person has decided every pair left for review: the pairs of one
    person joined, the others dismissed. Name-only evidence is never linked by the software,
    so what it finds of such pairs is what it puts in front of a person."""
    cluster_of: dict[str, int] = {}
    groups = [list(group) for group in clusters]
    for number, group in enumerate(groups):
        for member in group:
            cluster_of[member] = number
    parent = list(range(len(groups)))

    for a, b in review:
        if person_of[a] == person_of[b]:
            parent[_root(parent, cluster_of[a])] = _root(parent, cluster_of[b])
    joined: dict[int, list[str]] = {}
    for number, group in enumerate(groups):
        joined.setdefault(_root(parent, number), []).extend(group)
    return list(joined.values())


def dedupe_result(
    records: Sequence[Record],
    person_of: Mapping[str, str],
    clusters: Sequence[Sequence[str]],
    seconds: float,
    cpu_seconds: float = 0.0,
) -> DedupeResult:
    """Score ``clusters`` of ``records`` against the true persons."""
    by_id = {record.id: record for record in records}
    return DedupeResult(
        applications=len(records),
        persons=len(set(person_of.values())),
        figures=cluster_figures(person_of, clusters),
        by_kind=pairs_by_kind(by_id, person_of, clusters),
        seconds=seconds,
        cpu_seconds=cpu_seconds,
    )


def evaluate_dedupe(seed: int, size: int) -> tuple[DedupeResult, DedupeResult]:
    """Ours and the naive baseline on ``size`` generated applications, default threshold."""
    from vetting.matching import cluster, normalize

    apps = generate_applicants(seed, size)
    person_of = {app.external_id: app.person_id for app in apps}
    records = [applicant_record(app) for app in apps]
    started, cpu = time.perf_counter(), time.process_time()
    clusters = [c.member_ids for c in cluster([normalize(r) for r in records])]
    ours = dedupe_result(
        records, person_of, clusters, time.perf_counter() - started, time.process_time() - cpu
    )
    started, cpu = time.perf_counter(), time.process_time()
    naive = naive_clusters(records)
    baseline = dedupe_result(
        records, person_of, naive, time.perf_counter() - started, time.process_time() - cpu
    )
    return ours, baseline


def kind_lines(ours: DedupeResult, baseline: DedupeResult) -> list[str]:
    """A Markdown table: recall and precision per kind of duplicate, ours beside the baseline."""
    lines = [
        "| kind | true pairs | ours recall | ours precision | baseline recall"
        " | baseline precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for mine, theirs in zip(ours.by_kind, baseline.by_kind, strict=True):
        lines.append(
            f"| {mine.kind} | {mine.true_pairs} | {mine.recall:.3f} | {mine.precision:.3f}"
            f" | {theirs.recall:.3f} | {theirs.precision:.3f} |"
        )
    f, g = ours.figures, baseline.figures
    lines.append(
        f"| all | {f.true_pairs} | {f.recall:.3f} | {f.precision:.3f}"
        f" | {g.recall:.3f} | {g.precision:.3f} |"
    )
    return lines
