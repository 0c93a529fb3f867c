"""``make eval``: score the matcher on labelled pairs and a dedupe run, beside two baselines.

Usage: python -m evaluation [--seed N] [--per-kind N] [--dedupe-size N] [--skip-nomenklatura]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from evaluation import matchers
from evaluation import mentions as mention_sets
from evaluation.dedupe import evaluate_dedupe, kind_lines
from evaluation.documents import build_document_pairs
from evaluation.metrics import figures
from evaluation.namesakes import build_namesake_pairs
from evaluation.pairs import build_pairs, read_pairs, write_pairs
from evaluation.report import (
    kind_table,
    misses,
    overall_table,
    report_json,
    set_table,
    verdict_line,
    worse_kinds,
)

HERE = Path(__file__).resolve().parent
HARD_CASES = HERE / "hard_cases.csv"
DATA = HERE / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-kind", type=int, default=200, help="pairs per generated kind")
    parser.add_argument("--random-pairs", type=int, default=1000)
    parser.add_argument("--dedupe-size", type=int, default=5000, help="0 skips the dedupe run")
    parser.add_argument("--skip-nomenklatura", action="store_true")
    parser.add_argument("--skip-mentions", action="store_true", help="skip the mention sets")
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    pairs = build_pairs(args.seed, args.per_kind, args.random_pairs)
    pairs += build_document_pairs(args.seed, args.per_kind)
    pairs += build_namesake_pairs(args.seed, args.per_kind)
    write_pairs(args.out / "pairs.csv", pairs)
    hard = read_pairs(HARD_CASES, kind_prefix="hard:")
    print(f"{len(pairs) + len(hard)} labelled pairs: {len(pairs)} generated (seed {args.seed}) "
          f"+ {len(hard)} hand-written hard cases", flush=True)
    pairs += hard

    deciders = [matchers.ours, matchers.baseline]
    if not args.skip_nomenklatura:
        deciders.append(matchers.nomenklatura)
    runs = []
    for decide in deciders:
        run = decide(pairs)
        print(f"  {run.matcher:<13} {run.setting}  ({run.seconds:.1f} s, "
              f"{1e6 * run.seconds / len(pairs):.0f} µs/pair)", flush=True)
        runs.append(run)
    results = [(run, figures(pairs, run.flagged)) for run in runs]

    print()
    print("\n".join(kind_table(pairs, runs)))
    print()
    print("\n".join(set_table(pairs, runs)))
    print()
    print("\n".join(overall_table(results)))
    print()
    print(verdict_line(results, worse_kinds(pairs, runs)))

    miss_list = misses(pairs, runs[0], limit=200)
    hard_misses = [m for m in miss_list if m["kind"].startswith("hard:")]
    if hard_misses:
        print(f"\nHard cases ours gets wrong ({len(hard_misses)}):")
        for m in hard_misses:
            expected = "same" if m["same_person"] else "different"
            print(f"  [{m['kind']}] {m['a']}  vs  {m['b']}  score {m['score']} "
                  f"(should be {expected})")

    dedupe = None
    if args.dedupe_size:
        dedupe, naive = evaluate_dedupe(args.seed, args.dedupe_size)
        f = dedupe.figures
        print(f"\nDedupe of {dedupe.applications} applications from {dedupe.persons} persons: "
              f"pairwise precision {f.precision:.3f}, recall {f.recall:.3f} "
              f"({f.correct_pairs}/{f.predicted_pairs} linked pairs correct, "
              f"{f.true_pairs} true pairs), {dedupe.seconds:.1f} s "
              f"(baseline {naive.seconds:.1f} s)")
        print("\n".join(kind_lines(dedupe, naive)))

    if not args.skip_mentions:
        print()
        print("\n".join(mention_sets.report()), flush=True)

    report = report_json(args.seed, pairs, runs, dedupe, miss_list)
    report_path = args.out / "report.json"
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nWritten {report_path}")
    if args.strict and not all(results[0][1].passes().values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
