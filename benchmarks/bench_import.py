"""Import benchmark: `vetting import-applications` of 100,000 rows on SQLite and PostgreSQL.

Each run starts from an empty, migrated database in a subprocess, exactly as an operator would
run the command. The baseline, measured in the same run on the same file, is what a plain
implementation does: one ORM insert and one audit entry per row, each in its own transaction
(on the first BASELINE_ROWS rows, reported as rows per second).

    python benchmarks/bench_import.py [--rows 100000] [--databases sqlite,postgres]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.databases import fresh_postgres  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PG_DB = "vetting_bench_import"
BASELINE_ROWS = 5000
TARGET_SECONDS = 60.0
VETTING = [sys.executable, "-m", "vetting"]

COLUMNS = [
    "external_id",
    "name_cyrillic",
    "name_latin",
    "birth_date",
    "place_of_birth",
    "citizenship",
    "applicant_status",
    "detention_site",
    "rank",
    "unit",
    "service_number",
    "specialty",
    "contact",
    "statement",
    "language",
    "consent_text",
]
CONSENT = {
    "ru": "Я подаю заявление добровольно, по своей воле.",
    "uk": "Я подаю заяву добровільно, з власної волі.",
    "en": "I apply of my own free will.",
}


def write_rows(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic site list from the synthetic generator, one row per applicant."""
    from vetting.synthetic import generate_applicants

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i, a in enumerate(generate_applicants(seed, rows)):
            writer.writerow(
                [
                    f"row-{i:07d}",
                    a.name_cyrillic,
                    a.name_latin,
                    a.birth_date.isoformat() if a.birth_date else "",
                    a.place_of_birth,
                    a.citizenship,
                    a.status,
                    a.detention_site or ("Site 1" if a.status == "pow" else ""),
                    a.rank,
                    a.unit,
                    a.service_number,
                    a.specialty,
                    a.contact,
                    a.statement,
                    a.language,
                    CONSENT[a.language],
                ]
            )


def database_env(kind: str, workdir: Path) -> dict[str, str]:
    env = dict(os.environ, VETTING_VAR_DIR=str(workdir / kind), PYTHONPATH=str(ROOT))
    if kind == "postgres":
        env["VETTING_DATABASE_URL"] = fresh_postgres(PG_DB)
    return env


BASELINE_SCRIPT = """
import csv, sys, time, django
django.setup()
from vetting.audit.actions import Actor, record
from vetting.intake.models import Application
from django.db import transaction
from django.utils import timezone
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[: int(sys.argv[2])]
start = time.perf_counter()
for i, row in enumerate(rows):
    with transaction.atomic():
        now = timezone.now()
        a = Application.objects.create(
            channel="import", source="baseline", external_id=row["external_id"],
            source_line=i + 2, name_cyrillic=row["name_cyrillic"], name_latin=row["name_latin"],
            birth_date=row["birth_date"] or None, place_of_birth=row["place_of_birth"],
            citizenship=row["citizenship"], applicant_status=row["applicant_status"],
            detention_site=row["detention_site"], rank=row["rank"], unit=row["unit"],
            service_number=row["service_number"], specialty=row["specialty"],
            contact=row["contact"], statement=row["statement"], language=row["language"],
            consent_text=row["consent_text"], consent_language=row["language"],
            consent_at=now, submitted_at=now)
        record(Actor(origin="baseline"), "application.created", a)
print(len(rows) / (time.perf_counter() - start))
"""


def run_one(kind: str, csv_path: Path, rows: int, workdir: Path) -> dict[str, float]:
    env = database_env(kind, workdir)
    subprocess.run([*VETTING, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    start = time.perf_counter()
    done = subprocess.run(
        [*VETTING, "import-applications", str(csv_path), "--source", "bench"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{kind}: import failed:\n{done.stderr[-2000:]}")
    summary = done.stdout.strip().splitlines()[-1]
    start = time.perf_counter()
    again = subprocess.run(
        [*VETTING, "import-applications", str(csv_path), "--source", "bench"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rerun_seconds = time.perf_counter() - start
    env["DJANGO_SETTINGS_MODULE"] = "vetting.settings"
    baseline = subprocess.run(
        [sys.executable, "-c", BASELINE_SCRIPT, str(csv_path), str(BASELINE_ROWS)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    baseline_rate = float(baseline.stdout.strip().splitlines()[-1])
    print(f"  {kind}: {summary}")
    print(f"  {kind}: re-import of the same file: {again.stdout.strip().splitlines()[-1]}")
    return {
        "seconds": seconds,
        "rate": rows / seconds,
        "rerun_seconds": rerun_seconds,
        "baseline_rate": baseline_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "site-list.csv"
        write_rows(csv_path, args.rows)
        print(
            f"import-applications, {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB CSV)"
        )
        lines = [
            f"## import-applications, {args.rows:,} rows",
            "",
            "| database | seconds | rows/s | target < 60 s | re-import s | baseline rows/s "
            "(row by row) | ours / baseline |",
            "|---|---|---|---|---|---|---|",
        ]
        for kind in args.databases.split(","):
            r = run_one(kind, csv_path, args.rows, workdir)
            verdict = "PASS" if r["seconds"] < TARGET_SECONDS else "FAIL"
            lines.append(
                f"| {kind} | {r['seconds']:.1f} | {r['rate']:,.0f} | {verdict} | "
                f"{r['rerun_seconds']:.1f} | {r['baseline_rate']:,.0f} | "
                f"{r['rate'] / r['baseline_rate']:.1f}x |"
            )
    report = "\n".join(lines)
    print(report)
    (RESULTS / "import.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
