"""Per-kind dedupe figures and the naive baseline, on a handful of records."""

from evaluation.dedupe import (
    NO_DATE,
    OTHER_DATE,
    OTHER_SCRIPT,
    SAME_SCRIPT,
    duplicate_kind,
    naive_clusters,
    pairs_by_kind,
    reviewed_clusters,
)
from vetting.matching import Record

RECORDS = [
    Record("a", "Шишкарёв Николай", "1985-03-14"),
    Record("b", "Nikolay Shishkarev", "1985-03-14"),
    Record("c", "Шишкарёв Николай", ""),
    Record("d", "Шишкарёв Николай", "1985-14-03"),
    Record("e", "Шишкарёв Николай", "1985-03-14"),
]


def test_each_pair_has_its_kind() -> None:
    a, b, c, d, e = RECORDS
    assert duplicate_kind(a, b) == OTHER_SCRIPT
    assert duplicate_kind(a, e) == SAME_SCRIPT
    assert duplicate_kind(a, c) == NO_DATE
    assert duplicate_kind(a, d) == OTHER_DATE


def test_recall_and_precision_are_taken_per_kind() -> None:
    person_of = {"a": "p", "b": "p", "c": "p", "d": "q", "e": "r"}
    by_id = {r.id: r for r in RECORDS}
    figures = {k.kind: k for k in pairs_by_kind(by_id, person_of, [["a", "b", "d"], ["c"], ["e"]])}
    assert (figures[OTHER_SCRIPT].recall, figures[OTHER_SCRIPT].precision) == (1.0, 1.0)
    assert figures[NO_DATE].recall == 0.0  # a-c and b-c missed
    assert figures[NO_DATE].true_pairs == 2
    assert (figures[OTHER_DATE].linked_pairs, figures[OTHER_DATE].precision) == (2, 0.0)


def test_naive_baseline_joins_same_day_and_similar_name_only() -> None:
    groups = {frozenset(g) for g in naive_clusters(RECORDS)}
    assert frozenset({"a", "e"}) in groups
    assert frozenset({"b"}) in groups  # "nikolay shishkarev" vs "shishkariov nikolai": 86
    assert frozenset({"c"}) in groups


def test_a_pair_left_for_review_counts_once_a_person_confirms_it_and_only_if_true() -> None:
    person_of = {"a": "p", "b": "p", "c": "p", "d": "q", "e": "r"}
    by_id = {r.id: r for r in RECORDS}
    linked = [["a", "b"], ["c"], ["d"], ["e"]]
    decided = reviewed_clusters(person_of, linked, [("c", "a"), ("e", "a"), ("d", "c")])
    assert {frozenset(g) for g in decided} == {
        frozenset({"a", "b", "c"}),
        frozenset({"d"}),
        frozenset({"e"}),
    }
    figures = {k.kind: k for k in pairs_by_kind(by_id, person_of, decided)}
    assert figures[NO_DATE].recall == 1.0  # a-c and b-c, found through the review
