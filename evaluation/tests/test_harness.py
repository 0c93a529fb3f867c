"""The pair set and the report work with any scorer, checked with stub matchers."""

import csv
from pathlib import Path

from evaluation.matchers import Decisions, baseline
from evaluation.metrics import figures
from evaluation.pairs import (
    LOOKALIKE_KINDS,
    PAIR_CSV_HEADER,
    TRUE_MATCH_KINDS,
    build_pairs,
    read_pairs,
    write_pairs,
)
from evaluation.report import kind_table, overall_table, report_json, verdict_line, worse_kinds

HARD_CASES = Path(__file__).resolve().parent.parent / "hard_cases.csv"


def stub(pairs, matcher: str, flagged) -> Decisions:
    return Decisions(matcher, "stub", list(flagged), [float(f) for f in flagged], 0.0)


def test_pairs_are_seeded_and_cover_every_kind():
    pairs = build_pairs(5, per_kind=10, random_pairs=20)
    assert pairs == build_pairs(5, per_kind=10, random_pairs=20)
    kinds = {p.kind for p in pairs}
    assert set(TRUE_MATCH_KINDS) <= kinds
    assert set(LOOKALIKE_KINDS) <= kinds
    for p in pairs:
        assert p.same_person == (p.kind in TRUE_MATCH_KINDS)
        assert p.a.name and p.b.name


def test_lookalikes_differ_in_birth_date_or_name():
    for p in build_pairs(6, per_kind=30, random_pairs=0):
        if p.kind == "namesake":
            assert abs(int(p.a.birth_date[:4]) - int(p.b.birth_date[:4])) >= 3
        if p.kind == "day_month_swapped":
            assert p.a.birth_date[5:7] == p.b.birth_date[8:10]


def test_hard_cases_file_is_well_formed():
    with open(HARD_CASES, encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == PAIR_CSV_HEADER
    hard = read_pairs(HARD_CASES, kind_prefix="hard:")
    assert len(hard) >= 50
    known = {*TRUE_MATCH_KINDS, *LOOKALIKE_KINDS}
    for p in hard:
        assert p.kind.removeprefix("hard:") in known
        assert p.same_person == (p.kind.removeprefix("hard:") in TRUE_MATCH_KINDS)


def test_pairs_round_trip_through_csv(tmp_path):
    pairs = build_pairs(7, per_kind=2, random_pairs=2)
    write_pairs(tmp_path / "pairs.csv", pairs)
    assert read_pairs(tmp_path / "pairs.csv") == [
        type(p)(type(p.a)(p.a.name, p.a.birth_date), type(p.b)(p.b.name, p.b.birth_date),
                p.same_person, p.kind, p.note)
        for p in pairs
    ]


def test_report_with_stub_matchers():
    pairs = build_pairs(8, per_kind=5, random_pairs=5)
    truth = stub(pairs, "ours", [p.same_person for p in pairs])
    everything = stub(pairs, "everything", [True] * len(pairs))
    runs = [truth, everything]
    results = [(run, figures(pairs, run.flagged)) for run in runs]
    table = "\n".join(kind_table(pairs, runs) + overall_table(results))
    assert "romanization:icao" in table and "PASS" in table and "FAIL" not in table
    assert "overall figure: YES" in verdict_line(results)
    assert "overall figure: NO" in verdict_line([results[1], results[0]])
    assert worse_kinds(pairs, runs) == []
    assert "random" in worse_kinds(pairs, [everything, truth])
    report = report_json(8, pairs, runs, None, [])
    assert report["overall"]["ours"]["recall"] == 1.0
    assert report["overall"]["everything"]["lookalike_false_alarms"] == 1.0


def test_baseline_picks_its_best_cutoff():
    pairs = build_pairs(9, per_kind=5, random_pairs=20)
    run = baseline(pairs)
    best = max(row["f1"] for row in run.notes["sweep"])
    assert abs(run.notes["f1"] - best) < 1e-3
    assert len(run.flagged) == len(pairs)
