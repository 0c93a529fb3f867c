"""Deduplication check: cluster generated applications and compare with the true persons."""

from __future__ import annotations

import time
from dataclasses import dataclass

from evaluation.metrics import ClusterFigures, cluster_figures
from vetting.synthetic import SyntheticApplicant, generate_applicants, people_row


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Pairwise figures of one clustering run, with its size and duration."""

    applications: int
    persons: int
    figures: ClusterFigures
    seconds: float


def applicant_record(app: SyntheticApplicant):
    """The matcher's ``Record`` for one application (both name forms kept)."""
    from vetting.matching import Record

    row = people_row(app)
    return Record(
        id=row["id"], name=row["name"], birth_date=row["birth_date"], gender=row["gender"],
        place_of_birth=row["place_of_birth"], unit=row["unit"],
        service_number=row["service_number"],
        aliases=tuple(a for a in row["aliases"].split(";") if a),
    )


def evaluate_dedupe(seed: int, size: int) -> DedupeResult:
    """Cluster ``size`` generated applications at the default threshold and score the result."""
    from vetting.matching import cluster, normalize

    apps = generate_applicants(seed, size)
    person_of = {app.external_id: app.person_id for app in apps}
    people = [normalize(applicant_record(app)) for app in apps]
    started = time.perf_counter()
    clusters = cluster(people)
    seconds = time.perf_counter() - started
    return DedupeResult(
        applications=len(apps),
        persons=len(set(person_of.values())),
        figures=cluster_figures(person_of, (c.member_ids for c in clusters)),
        seconds=seconds,
    )
