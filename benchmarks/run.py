"""`make bench`: every benchmark, each against a baseline measured in the same run.

    python benchmarks/run.py [--quick]

--quick runs small sizes only (a smoke test of the benchmark code itself).
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = [
        [str(HERE / "bench_import.py"), "--rows", "2000" if args.quick else "100000"],
        [str(HERE / "bench_matching.py")]
        + (["--sizes", "10k", "--dedupe-sizes", "10k", "--queries", "200"] if args.quick else []),
        [str(HERE / "bench_mentions.py")] + (["--statements", "200"] if args.quick else []),
        [str(HERE / "bench_api.py")]
        + (["--size", "10k", "--queries", "200"] if args.quick else []),
        [str(HERE / "bench_spark_dedupe.py")] + (["--sizes", "10k"] if args.quick else []),
        [str(HERE / "bench_cases.py")]
        + (["--small", "2000", "--large", "20000", "--requests", "10"] if args.quick else []),
        [str(HERE / "bench_capacity.py")]
        + (["--cases", "20000", "--requests", "5"] if args.quick else []),
        [str(HERE / "bench_audit.py")]
        + (["--entries", "200000", "--requests", "5"] if args.quick else []),
        [str(HERE / "bench_load.py")]
        + (
            ["--seconds", "20", "--baseline-seconds", "5", "--seed-applications", "300"]
            if args.quick
            else []
        ),
    ]
    failed = False
    for run in runs:
        print(f"\n### {Path(run[0]).name}", flush=True)
        failed |= subprocess.run([sys.executable, *run]).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
