"""``make bench``: screening latency, index build, memory and dedupe time as the data grows.

Each measurement runs in a fresh Python process, so peak memory belongs to
that measurement alone.  Usage:

    python benchmarks/bench_matching.py [--sizes 10k 100k 1M] [--queries 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import runs
from workload import RESULTS

TARGETS = {  # at one million records
    "median_ms": 5.0,
    "p99_ms": 20.0,
    "build_s": 120.0,
    "peak_rss_mb": 4096.0,
    "dedupe_s": 120.0,
}
# Pairwise dedupe quality each size must reach (at 10^5 and at 10^6 applications).
DEDUPE_QUALITY = {100_000: 0.98, 1_000_000: 0.97}
TARGET_SIZE = 1_000_000


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1M`` → 1000000."""
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def run_worker(*args: object) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"measurement failed: {' '.join(map(str, args))}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(argv: list[str]) -> None:
    """Entry point of the child process: one measurement, result as a JSON line."""
    kind, *numbers = argv
    values = [int(v) for v in numbers]
    measure = {"generate": runs.generate, "screen": runs.screen, "baseline": runs.baseline,
               "dedupe": runs.dedupe, "dedupe_baseline": runs.dedupe_baseline}[kind]
    print(json.dumps(measure(*values)))


def _cell(value: object, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value if value else "–")


def growth_table(rows: list[dict[str, Any]]) -> list[str]:
    """Markdown table, one row per size."""
    lines = [
        "| N | build s | RSS MB | median ms | p99 ms | listed found | dedupe s | dedupe RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        found = (f"{row['listed_found']}/{row['listed_queries']}"
                 if row.get("listed_queries") else "–")
        lines.append(
            f"| {row['size']:,} | {_cell(row.get('build_s'))} | {_cell(row.get('peak_rss_mb'), 0)}"
            f" | {_cell(row.get('median_ms'), 2)} | {_cell(row.get('p99_ms'), 2)} | {found}"
            f" | {_cell(row.get('dedupe_s'))} | {_cell(row.get('dedupe_rss_mb'), 0)} |"
        )
    return lines


def target_lines(row: dict[str, Any]) -> list[str]:
    """PASS/FAIL for each target, judged on the row for one million records."""
    lines = []
    names = {"median_ms": "query median", "p99_ms": "query p99", "build_s": "index build",
             "peak_rss_mb": "peak memory (screening)", "dedupe_s": "dedupe"}
    units = {"median_ms": "ms", "p99_ms": "ms", "build_s": "s", "peak_rss_mb": "MB",
             "dedupe_s": "s"}
    for key, limit in TARGETS.items():
        value = row.get(key)
        if not isinstance(value, (int, float)):
            lines.append(f"- {names[key]}: not measured")
            continue
        verdict = "PASS" if value < limit else "FAIL"
        lines.append(f"- {names[key]}: {value:.2f} {units[key]} (target < {limit:g}) {verdict}")
    return lines


def dedupe_lines(ours: dict[str, Any], naive: dict[str, Any]) -> list[str]:
    """Dedupe time and pairwise quality per kind of duplicate, ours beside the naive baseline.

    Name-only evidence is never linked by the software: such pairs are put to a person, so
    the recall that counts is the one once those pairs are decided; the recall of the links
    alone is printed beside it."""
    size = ours["size"]
    target = DEDUPE_QUALITY.get(size)
    reviewed = ours.get("recall_after_review", ours["pairwise_recall"])
    worst = min(ours["pairwise_precision"], reviewed)
    verdict = ""
    if target is not None:
        verdict = f" (target >= {target}: {'PASS' if worst >= target else 'FAIL'})"
    after = {k["kind"]: k["recall"] for k in ours.get("by_kind_after_review", [])}
    lines = [
        f"dedupe of {size:,}: ours {ours['dedupe_s']:.1f} s wall, "
        f"{ours['dedupe_cpu_s']:.1f} s CPU, "
        f"peak {ours['peak_rss_mb']:.0f} MB; precision {ours['pairwise_precision']:.3f}, "
        f"recall {reviewed:.3f} once the {ours.get('review_pairs', 0):,} pairs for review are "
        f"decided ({ours['pairwise_recall']:.3f} linked by the software alone){verdict}",
        f"baseline (same birth date, unidecode + token_set_ratio >= 90): "
        f"{naive['dedupe_s']:.1f} s wall, {naive['dedupe_cpu_s']:.1f} s CPU; "
        f"precision {naive['pairwise_precision']:.3f}, recall {naive['pairwise_recall']:.3f}",
        "",
        "| kind | true pairs | ours recall (linked) | ours recall (after review) | ours precision"
        " | baseline recall | baseline precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mine, theirs in zip(ours["by_kind"], naive["by_kind"], strict=True):
        lines.append(
            f"| {mine['kind']} | {mine['true_pairs']} | {mine['recall']:.3f} "
            f"| {after.get(mine['kind'], mine['recall']):.3f} "
            f"| {mine['precision']:.3f} | {theirs['recall']:.3f} | {theirs['precision']:.3f} |"
        )
    return lines


def write_results(
    rows: list[dict[str, Any]], baselines: dict[int, dict[str, Any]], args: argparse.Namespace
) -> list[str]:
    """Write ``matching.md`` and ``matching.json``; return the markdown lines."""
    table = growth_table(rows)
    largest = max(rows, key=lambda r: r["size"])
    size = largest["size"]
    heading = ("Targets at 1,000,000 records" if size == TARGET_SIZE
               else f"Targets (set for 1,000,000 records; largest size run: {size:,})")
    targets = target_lines(largest)
    ours_median = {r["size"]: r["median_ms"] for r in rows if "median_ms" in r}
    base_lines = [
        f"- N = {n:,}: baseline median {b['median_ms']:.1f} ms, ours {ours_median[n]:.2f} ms; "
        f"ours/baseline = {ours_median[n] / b['median_ms']:.4f} "
        f"({b['median_ms'] / ours_median[n]:.0f}× faster)"
        for n, b in sorted(baselines.items())
    ]
    report = [
        "# Matching benchmark",
        "",
        f"Single process, {args.queries} screening queries per size (half of them applicants on "
        "the list under another spelling); build includes normalizing every record. "
        "Dedupe uses cluster() as shipped (it may fork a second worker).",
        "",
        *table,
        "",
        f"## {heading}",
        "",
        *targets,
        "",
        f"## Baseline (unidecode + token_set_ratio >= {args.baseline_cutoff}, "
        f"rapidfuzz.process.extract over the whole list, {args.baseline_queries} queries)",
        "",
        *base_lines,
        "",
        "## Dedupe quality (pairwise, per kind of duplicate)",
        "",
        *(line for r in rows if "dedupe" in r
          for line in (*dedupe_lines(r["dedupe"], r["dedupe_baseline"]), "")),
    ]
    (RESULTS / "matching.md").write_text("\n".join(report), encoding="utf-8")
    (RESULTS / "matching.json").write_text(
        json.dumps({"rows": rows, "baselines": baselines}, indent=2), encoding="utf-8"
    )
    return report


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        worker(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1M"])
    parser.add_argument("--dedupe-sizes", nargs="*", default=None,
                        help="defaults to --sizes; give none to skip dedupe")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline-queries", type=int, default=20)
    parser.add_argument("--baseline-cutoff", type=int, default=85)
    args = parser.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes]
    dedupe_sizes = (
        sizes if args.dedupe_sizes is None else [parse_size(s) for s in args.dedupe_sizes]
    )

    RESULTS.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    baselines: dict[int, dict[str, Any]] = {}
    for size in sorted(set(sizes) | set(dedupe_sizes)):
        print(f"N = {size:,}", flush=True)
        started = time.perf_counter()
        generated = run_worker("generate", size, args.queries)
        print(f"  data ready in {time.perf_counter() - started:.1f} s "
              f"(generation {generated['watchlist_s']:.1f} s + {generated['applications_s']:.1f} s"
              f", zero when cached)", flush=True)
        row: dict[str, Any] = {"size": size}
        if size in sizes:
            screen = run_worker("screen", size, args.queries)
            row.update(screen)
            print(f"  screening: build {screen['build_s']:.1f} s, "
                  f"peak {screen['peak_rss_mb']:.0f} MB, median {screen['median_ms']:.2f} ms, "
                  f"p99 {screen['p99_ms']:.2f} ms, "
                  f"found {screen['listed_found']}/{screen['listed_queries']} listed applicants",
                  flush=True)
            base = run_worker("baseline", size, args.queries, args.baseline_queries,
                              args.baseline_cutoff)
            baselines[size] = base
            print(f"  baseline: median {base['median_ms']:.1f} ms over {base['queries']} queries"
                  f" ({base['median_ms'] / screen['median_ms']:.0f}× ours)", flush=True)
        if size in dedupe_sizes:
            dedupe = run_worker("dedupe", size)
            naive = run_worker("dedupe_baseline", size)
            row.update(dedupe_s=dedupe["dedupe_s"], dedupe_rss_mb=dedupe["peak_rss_mb"],
                       dedupe=dedupe, dedupe_baseline=naive)
            print("\n".join("  " + line for line in dedupe_lines(dedupe, naive)), flush=True)
        rows.append(row)
        write_results(rows, baselines, args)  # keep partial results if a later size is stopped

    report = write_results(rows, baselines, args)
    print()
    print("\n".join(report))
    print(f"Written {RESULTS / 'matching.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
