"""Recall, precision and false-alarm figures for pair decisions and for clusterings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from evaluation.pairs import LabelledPair, is_lookalike

TARGET_RECALL = 0.99
TARGET_PRECISION = 0.98
TARGET_LOOKALIKE_FALSE_ALARMS = 0.005


@dataclass(frozen=True, slots=True)
class KindFigures:
    """How often a matcher said "same person" on the pairs of one kind."""

    kind: str
    same_person: bool
    pairs: int
    flagged: int

    @property
    def rate(self) -> float:
        """Recall for true-match kinds, false-alarm rate for non-match kinds."""
        return self.flagged / self.pairs if self.pairs else 0.0


@dataclass(frozen=True, slots=True)
class Figures:
    """The overall figures the targets are set on."""

    recall: float
    precision: float
    lookalike_false_alarms: float
    true_positives: int
    false_positives: int
    false_negatives: int
    lookalike_pairs: int
    lookalike_flagged: int

    @property
    def f1(self) -> float:
        """Harmonic mean of recall and precision, used to tune the baseline's cut-off."""
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0

    def passes(self) -> dict[str, bool]:
        """Whether each figure meets its target."""
        return {
            "recall": self.recall >= TARGET_RECALL,
            "precision": self.precision >= TARGET_PRECISION,
            "lookalike_false_alarms": self.lookalike_false_alarms <= TARGET_LOOKALIKE_FALSE_ALARMS,
        }


def figures(pairs: Sequence[LabelledPair], flagged: Sequence[bool]) -> Figures:
    """Overall recall, precision and look-alike false-alarm rate of ``flagged`` decisions."""
    if len(pairs) != len(flagged):
        raise ValueError("one decision per pair is needed")
    tp = fp = fn = lookalikes = lookalike_hits = 0
    for pair, hit in zip(pairs, flagged, strict=True):
        if pair.same_person:
            tp += hit
            fn += not hit
        else:
            fp += hit
            if is_lookalike(pair.kind):
                lookalikes += 1
                lookalike_hits += hit
    return Figures(
        recall=tp / (tp + fn) if tp + fn else 0.0,
        precision=tp / (tp + fp) if tp + fp else 1.0,
        lookalike_false_alarms=lookalike_hits / lookalikes if lookalikes else 0.0,
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        lookalike_pairs=lookalikes,
        lookalike_flagged=lookalike_hits,
    )


def figures_by_kind(
    pairs: Sequence[LabelledPair], flagged: Sequence[bool]
) -> dict[str, KindFigures]:
    """Per-kind counts, in the order kinds first appear."""
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    same: dict[str, bool] = {}
    for pair, hit in zip(pairs, flagged, strict=True):
        totals[pair.kind] += 1
        hits[pair.kind] += hit
        same.setdefault(pair.kind, pair.same_person)
    return {kind: KindFigures(kind, same[kind], totals[kind], hits[kind]) for kind in totals}


@dataclass(frozen=True, slots=True)
class ClusterFigures:
    """Pairwise precision and recall of a clustering against the true persons."""

    precision: float
    recall: float
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int


def _pairs_within(sizes: Iterable[int]) -> int:
    return sum(size * (size - 1) // 2 for size in sizes)


def cluster_figures(
    person_of: Mapping[str, str], clusters: Iterable[Iterable[str]]
) -> ClusterFigures:
    """Score ``clusters`` of record ids against ``person_of`` (record id → true person).

    Records missing from every cluster count as singletons; a pair is correct
    when both records sit in one cluster and belong to one person.
    """
    true_pairs = _pairs_within(Counter(person_of.values()).values())
    predicted = correct = 0
    for members in clusters:
        ids = list(members)
        predicted += _pairs_within([len(ids)])
        correct += _pairs_within(Counter(person_of[i] for i in ids).values())
    return ClusterFigures(
        precision=correct / predicted if predicted else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        predicted_pairs=predicted,
        true_pairs=true_pairs,
        correct_pairs=correct,
    )
