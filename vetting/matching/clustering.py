"""Deduplication: group the records of one person, through blocking, scoring and union-find."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vetting.matching.dates import compare_dates
from vetting.matching.index import Index
from vetting.matching.person import Person
from vetting.matching.scoring import DEFAULT_THRESHOLD, Match, could_reach, score

# Below this many people a second process costs more than it saves.
PARALLEL_FROM = 20_000
# In a batch every record is a query, so each gets a smaller candidate list.
CANDIDATES = 10
READ_BUDGET = 400
# A record without a birth date meets its namesakes first: for the pairs a person must review
# (name-only evidence), it reads further. Links come from the first CANDIDATES alone, as in
# the Spark job, so the clusters do not change.
REVIEW_CANDIDATES = 40
REVIEW_BUDGET = 1_600
# Two records scoring below this are more likely two people than one: clusters that
# would put such a pair together are not merged, which stops a record without
# a birth date from chaining namesakes together.
CANNOT_LINK = 0.5
# A record whose two best links differ by less than this, to people who are
# not one person, is left unlinked rather than joined by a guess.
AMBIGUITY_MARGIN = 0.05
# At most this many cross pairs are checked before a merge.
MAX_CROSS_CHECKS = 400
# A birth date verdict at least this strong (equal, or day and month swapped)
# backs a name on its own; a weaker agreement (one digit off) needs the same
# birthplace beside it.
SURE_DATE = 1.5


@dataclass(frozen=True, slots=True)
class Cluster:
    """Records judged to be one person; the id is the first member's id, so it is stable."""

    id: str
    member_ids: tuple[str, ...]


def corroborated(match: Match) -> bool:
    """Whether a pair's match rests on more than the names.

    Name-only evidence (no birth date on one side, or dates that merely come
    close) makes a pair for a person to review, never an automatic link:
    namesakes are common, and one wrong link merges two people's files. What
    backs a name: the same service number; the birth date (equal, or day and
    month swapped); a date one digit off with the same birthplace and the same
    patronymic or unit; or, with no date to compare, both the same birthplace
    and the same unit. Two different service numbers, birthplaces or
    patronymics back nothing: in a million applications, namesakes born the
    same day are many.
    """
    date = place = unit = number = patronymic = 0.0
    for part in match.parts:
        if part.field == "service number":
            number = part.weight
        elif part.field == "patronymic":
            patronymic = part.weight
        elif part.field == "birth date":
            date = part.weight
        elif part.field == "place of birth":
            place = part.weight
        elif part.field == "unit":
            unit = part.weight
    if number > 0:
        return True
    if number < 0 or place < 0 or patronymic < 0:
        # Two service numbers, birthplaces or fathers' names that differ: a name and a birth
        # date that agree are then more often two namesakes than one person written twice.
        return False
    if date >= SURE_DATE:
        return True
    if date > 0:
        # A date one digit off is a typo or another man of that name born in that town.
        return place > 0 and (patronymic > 0 or unit > 0)
    return date == 0 and place > 0 and unit > 0


def _may_be_corroborated(a: Person, b: Person) -> bool:
    """False when `corroborated` cannot hold whatever the names say; spares most scoring."""
    if a.service_number and a.service_number == b.service_number:
        return True
    if a.birth.year and b.birth.year:
        return compare_dates(a.birth, b.birth).weight > 0
    return bool(a.unit) and a.unit == b.unit and bool(a.place) and bool(b.place)


def link(a: Person, b: Person, threshold: float) -> float | None:
    """The score that joins `a` and `b` automatically, or None when they stay apart.

    The one decision both `cluster()` and the Spark job take on a candidate pair.
    """
    if not _may_be_corroborated(a, b) or not could_reach(a, b, threshold, names=True):
        return None
    match = score(a, b)
    if match.score >= threshold and corroborated(match):
        return match.score
    return None


# Set in the parent before forking so that workers share the index copy-on-write.
_shared: tuple[Index, float] | None = None


Scored = tuple[float, int, int]


def _links(bounds: tuple[int, int]) -> tuple[list[Scored], list[Scored]]:
    """Links (score, i, j), i < j, i within `bounds`, and pairs to review, i < j, one of
    them within `bounds`.

    A pair to review scores at or above the threshold on the names while one side
    has no birth date and nothing else backs it (see `corroborated`); a dateless
    record looks for them among REVIEW_CANDIDATES.
    """
    assert _shared is not None
    index, threshold = _shared
    people = index.people
    pairs: list[Scored] = []
    review: list[Scored] = []
    for i in range(*bounds):
        person = people[i]
        near = index.candidates(person, CANDIDATES, READ_BUDGET, ranked=False)
        for j in near:
            if j <= i:
                continue
            other = people[j]
            value = link(person, other, threshold)
            if value is not None:
                pairs.append((value, i, j))
            elif not (person.birth.year and other.birth.year) and could_reach(
                person, other, threshold, names=True
            ):
                value = score(person, other).score
                if value >= threshold:
                    review.append((value, i, j))
        if person.birth.year:
            continue
        seen = set(near)
        for j in index.candidates(person, REVIEW_CANDIDATES, REVIEW_BUDGET, ranked=False):
            if j == i or j in seen:
                continue
            other = people[j]
            if could_reach(person, other, threshold, names=True):
                value = score(person, other).score
                if value >= threshold:
                    review.append((value, min(i, j), max(i, j)))
    return pairs, review


def _compatible(people: Sequence[Person], left: list[int], right: list[int]) -> bool:
    """Whether no checked pair across two clusters is clearly two different people."""
    checked = 0
    for i in left:
        for j in right:
            a, b = people[i], people[j]
            if not could_reach(a, b, CANNOT_LINK) or score(a, b).score < CANNOT_LINK:
                return False
            checked += 1
            if checked >= MAX_CROSS_CHECKS:
                return True
    return True


def _find(parent: list[int], i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def _unambiguous(
    people: Sequence[Person], pairs: list[tuple[float, int, int]]
) -> list[tuple[float, int, int]]:
    """Drop the links of records that fit two different people about equally well.

    A bare "Ivan Petrov" without a birth date matches every Ivan Petrov; joining
    it to whichever comes first would be a guess, so it stays on its own.
    """
    partners: dict[int, list[tuple[float, int]]] = {}
    for value, i, j in pairs:
        partners.setdefault(i, []).append((value, j))
        partners.setdefault(j, []).append((value, i))
    doubtful = set()
    for node, found in partners.items():
        if len(found) < 2:
            continue
        found.sort(reverse=True)
        (best, first), (second, other) = found[0], found[1]
        if best - second < AMBIGUITY_MARGIN and not _compatible(people, [first], [other]):
            doubtful.add(node)
    return [pair for pair in pairs if pair[1] not in doubtful and pair[2] not in doubtful]


@dataclass(frozen=True, slots=True)
class ReviewPair:
    """Two records that fit by name alone: for a person to decide, never joined by software."""

    a: str
    b: str
    score: float


def cluster(
    people: Sequence[Person],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], object] | None = None,
) -> list[Cluster]:
    """Partition `people` into clusters of one person each; every input lands in exactly one.

    Pairs at or above `threshold` whose match rests on more than the names (see
    `corroborated`) are joined strongest first, unless the merge would put
    together two records that clearly differ (see CANNOT_LINK) or a record fits
    two different people equally well (see AMBIGUITY_MARGIN). `progress` is
    called with counts of people processed.
    """
    return cluster_with_review(people, threshold, progress)[0]


def cluster_with_review(
    people: Sequence[Person],
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[int], object] | None = None,
) -> tuple[list[Cluster], list[ReviewPair]]:
    """`cluster()`, and the pairs that fit by name alone, left apart for a person to review."""
    global _shared
    index = Index.build(people)
    _shared = (index, threshold)
    n = len(index.people)
    workers = min(2, os.cpu_count() or 1) if n >= PARALLEL_FROM else 1
    pairs: list[Scored] = []
    review: list[Scored] = []
    try:
        chunk = 2_000
        jobs = [(start, min(n, start + chunk)) for start in range(0, n, chunk)]
        if workers > 1:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.imap(_links, jobs)
                for (found, doubtful), (start, stop) in zip(results, jobs, strict=True):
                    pairs.extend(found)
                    review.extend(doubtful)
                    if progress:
                        progress(stop - start)
        else:
            for start, stop in jobs:
                found, doubtful = _links((start, stop))
                pairs.extend(found)
                review.extend(doubtful)
                if progress:
                    progress(stop - start)
    finally:
        _shared = None

    review = sorted(set(review))  # a pair met from both of its sides is reviewed once
    roots = merge(index.people, pairs)
    ids: dict[int, list[str]] = {}
    for person, root in zip(index.people, roots, strict=True):
        ids.setdefault(root, []).append(person.id)
    clusters = [Cluster(group[0], tuple(group)) for group in ids.values()]
    listed = index.people
    # A pair already in one cluster (through other, corroborated links) needs no review.
    to_review = [
        ReviewPair(listed[i].id, listed[j].id, value)
        for value, i, j in sorted(review, key=lambda pair: (-pair[0], pair[1], pair[2]))
        if roots[i] != roots[j]
    ]
    return clusters, to_review


def merge(people: Sequence[Person], pairs: list[tuple[float, int, int]]) -> list[int]:
    """Each person's cluster root (the smallest index in it), from scored pairs (score, i, j).

    Links are joined strongest first, after dropping those of ambiguous records, and only
    between groups `_compatible` finds no clearly different pair across. The distributed
    job runs this same function on each connected component.
    """
    pairs = _unambiguous(people, pairs)
    # Strongest links first, so a doubtful record joins its best match.
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    parent = list(range(len(people)))
    members: dict[int, list[int]] = {}
    for _, i, j in pairs:
        root_i, root_j = _find(parent, i), _find(parent, j)
        if root_i == root_j:
            continue
        left, right = members.get(root_i, [root_i]), members.get(root_j, [root_j])
        if not _compatible(people, left, right):
            continue
        keep, drop = min(root_i, root_j), max(root_i, root_j)
        parent[drop] = keep
        members[keep] = left + right
        members.pop(drop, None)
    return [_find(parent, i) for i in range(len(people))]
