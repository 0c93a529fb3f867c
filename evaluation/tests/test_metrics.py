"""Metric computations checked against figures worked out by hand."""

import pytest

from evaluation.metrics import cluster_figures, figures, figures_by_kind
from evaluation.pairs import LabelledPair, Side


def pair(same: bool, kind: str) -> LabelledPair:
    return LabelledPair(Side("A"), Side("B"), same, kind)


# 4 true matches (3 found), 3 look-alikes (1 flagged), 3 random (1 flagged).
PAIRS = [
    pair(True, "typo"), pair(True, "typo"), pair(True, "all_caps"), pair(True, "all_caps"),
    pair(False, "namesake"), pair(False, "brother"), pair(False, "hard:relative"),
    pair(False, "random"), pair(False, "random"), pair(False, "random"),
]
FLAGGED = [True, False, True, True, True, False, False, True, False, False]


def test_overall_figures_by_hand():
    result = figures(PAIRS, FLAGGED)
    assert result.true_positives == 3
    assert result.false_negatives == 1
    assert result.false_positives == 2
    assert result.recall == pytest.approx(3 / 4)
    assert result.precision == pytest.approx(3 / 5)
    # Random pairs do not count as look-alikes; hard-case kinds do.
    assert result.lookalike_pairs == 3
    assert result.lookalike_false_alarms == pytest.approx(1 / 3)
    assert result.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert result.passes() == {
        "recall": False, "precision": False, "lookalike_false_alarms": False,
    }


def test_figures_by_kind():
    by_kind = figures_by_kind(PAIRS, FLAGGED)
    assert list(by_kind) == ["typo", "all_caps", "namesake", "brother", "hard:relative", "random"]
    assert by_kind["typo"].rate == 0.5
    assert by_kind["all_caps"].rate == 1.0
    assert by_kind["random"].rate == pytest.approx(1 / 3)
    assert by_kind["random"].same_person is False


def test_perfect_decisions_pass_every_target():
    perfect = [p.same_person for p in PAIRS]
    assert all(figures(PAIRS, perfect).passes().values())


def test_decisions_must_cover_every_pair():
    with pytest.raises(ValueError):
        figures(PAIRS, FLAGGED[:-1])


def test_cluster_figures_by_hand():
    # Persons: p1 has records 1,2,3; p2 has 4,5; p3 has 6.  True pairs: 3 + 1 = 4.
    person_of = {"1": "p1", "2": "p1", "3": "p1", "4": "p2", "5": "p2", "6": "p3"}
    # Predicted: {1,2} (1 correct pair), {3,4,5} (3 pairs, 1 correct: 4-5), 6 alone.
    result = cluster_figures(person_of, [["1", "2"], ["3", "4", "5"], ["6"]])
    assert result.true_pairs == 4
    assert result.predicted_pairs == 4
    assert result.correct_pairs == 2
    assert result.precision == 0.5
    assert result.recall == 0.5


def test_cluster_figures_singletons_only():
    result = cluster_figures({"1": "p1", "2": "p1"}, [["1"], ["2"]])
    assert result.precision == 1.0
    assert result.recall == 0.0
