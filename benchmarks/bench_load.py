"""Load benchmark: portal applications sent for five minutes while officers browse, on SQLite
and PostgreSQL, served as in production (gunicorn workers and a `vetting db_worker`).

For each database: a fresh, migrated database with demo data (applications, cases, a
watchlist, screened before the load starts) and one staff account per simulated officer. Then
gunicorn on 127.0.0.1 and a screening worker start, and locust (headless, in a subprocess)
runs two loads against them:

- the baseline: one applicant alone, sending one application after another, no officers;
- the load: --applicants concurrent applicants doing the same, a share of them sending the same
  form twice at once, while --officers officers sign in with password and TOTP and read case
  queues, case pages, application lists and pages and the hit queue.

Afterwards every submission answered with a receipt code must be in the database exactly once,
with that code; no request may be answered 5xx or not at all; the audit chain must verify; and
the worker must have screened every new application. The figures: submissions per second, and
the median and 99th percentile of submissions and of staff pages, beside the baseline.

    python benchmarks/bench_load.py [--seconds 300] [--databases sqlite,postgres]
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.databases import fresh_postgres  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
LOCUSTFILE = ROOT / "benchmarks" / "load_users.py"
PG_DB = "vetting_bench_load"
VETTING = [sys.executable, "-m", "vetting"]
MARKER = re.compile(r"\[(load \S+ \d{7})\]")
# Officers by role, in turn: what each reads besides the case queue and case pages.
OFFICER_ROLES = (
    ("intake clerk", ["applications"]),
    ("security-service officer", ["applications", "hits"]),
    ("commander", ["applications"]),
    ("counter-intelligence officer", ["applications", "hits"]),
)
SCREENING_WAIT_S = 600.0
RESEND_SHARE = 0.05  # submissions sent twice at once, as by a double click


def database_env(kind: str, workdir: Path) -> dict[str, str]:
    """The environment of every process bound to a fresh database of ``kind``."""
    env = dict(
        os.environ,
        VETTING_VAR_DIR=str(workdir / kind),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="vetting.settings",
        VETTING_LOG_LEVEL="WARNING",
        # Portal rate limits count per client behind this proxy: each simulated applicant
        # sends its own X-Forwarded-For.
        VETTING_TRUSTED_PROXIES="127.0.0.1",
    )
    if kind == "postgres":
        env["VETTING_DATABASE_URL"] = fresh_postgres(PG_DB)
    return env


def quietly(env: dict[str, str], *argv: str) -> None:
    """Run a command bound to the database of ``env``; stop the benchmark if it fails."""
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[-3:])} failed:\n{done.stderr[-3000:]}")


def prepare(env: dict[str, str], applications: int, officers: int, workdir: Path) -> dict[str, Any]:
    """Migrate, load demo data, make the officers' accounts, screen what is there."""
    quietly(env, *VETTING, "migrate", "-v", "0")
    started = time.perf_counter()
    quietly(env, *VETTING, "generate-demo", "--seed", "2026", "--applications", str(applications))
    seeded_s = time.perf_counter() - started
    accounts = workdir / f"accounts-{Path(env['VETTING_VAR_DIR']).name}.json"
    quietly(env, sys.executable, __file__, "--make-accounts", str(officers), str(accounts))
    started = time.perf_counter()
    quietly(env, *VETTING, "db_worker", "--batch", "--no-startup-delay")
    return {
        "accounts": accounts,
        "seeded_s": seeded_s,
        "screened_seed_s": time.perf_counter() - started,
    }


def make_accounts(count: int, path: Path) -> None:
    """In a process bound to the database: ``count`` officers with their TOTP keys."""
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vetting.accounts.tests.factories import PASSWORD, make_staff
    from vetting.policy.roles import Role

    accounts = []
    for number in range(count):
        role, pages = OFFICER_ROLES[number % len(OFFICER_ROLES)]
        user = make_staff(Role(role), f"load-officer-{number + 1}")
        device = TOTPDevice.objects.get(user=user)
        accounts.append(
            {"username": user.username, "password": PASSWORD, "key": device.key, "pages": pages}
        )
    path.write_text(json.dumps(accounts))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(env: dict[str, str], workers: int, logs: Path) -> Iterator[str]:
    """gunicorn with ``workers`` processes and one screening worker; yields the base URL."""
    port = free_port()
    server_log = open(logs / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    worker_log = open(logs / "db_worker.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "vetting.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--graceful-timeout", "20",
            "--no-control-socket",
        ],
        env=env, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [*VETTING, "db_worker", "--no-startup-delay"],
        env=env, cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/uk/", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {logs / 'gunicorn.log'}")
            time.sleep(0.5)
        yield url
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        server_log.close()
        worker_log.close()


def run_locust(
    url: str,
    *,
    applicants: int,
    officers: int,
    seconds: int,
    name: str,
    accounts: Path,
    workdir: Path,
) -> dict[str, Any]:
    """One headless locust run; returns what its users recorded."""
    out = workdir / f"locust-{name}.json"
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        VETTING_LOAD_ACCOUNTS=str(accounts),
        VETTING_LOAD_OUT=str(out),
        VETTING_LOAD_RUN=name,
        VETTING_LOAD_STAFF=str(officers),
        VETTING_LOAD_RESEND=str(RESEND_SHARE),
    )
    classes = ["Applicant", "Officer"] if officers else ["Applicant"]
    users = applicants + officers
    with open(workdir / f"locust-{name}.log", "w") as log:
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                "--host", url, "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
                "--stop-timeout", "60", "--only-summary", "--loglevel", "WARNING", *classes,
            ],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    if not out.exists():
        raise SystemExit(f"locust wrote nothing; see {workdir / f'locust-{name}.log'}")
    result: dict[str, Any] = json.loads(out.read_text())
    result["seconds"] = seconds
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def timings(result: dict[str, Any]) -> dict[str, Any]:
    """Per kind of request: how many, median and p99 ms, and the answers that went wrong."""
    by_name: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[tuple[str, int]] = Counter()
    failed = 0
    for name, ms, status, failure in result["requests"]:
        by_name[name].append(ms)
        statuses[(name, status)] += 1
        failed += failure and 0 < status < 500
    staff = [ms for name, values in by_name.items() if name.startswith("staff: ") and
             name != "staff: sign-in" for ms in values]  # fmt: skip
    submit = by_name.get("portal: submit", [])
    return {
        "submitted": len(result["acknowledged"]),
        "rate": len(result["acknowledged"]) / result["seconds"],
        "submit_p50": statistics.median(submit) if submit else float("nan"),
        "submit_p99": percentile(submit, 0.99),
        "staff_pages": len(staff),
        "staff_p50": statistics.median(staff) if staff else float("nan"),
        "staff_p99": percentile(staff, 0.99),
        "pages": {
            name: (len(v), statistics.median(v), percentile(v, 0.99))
            for name, v in sorted(by_name.items())
        },
        "server_errors": sum(n for (_, status), n in statuses.items() if status >= 500),
        "unanswered": sum(n for (_, status), n in statuses.items() if status == 0),
        "other_failures": failed,
        "form_refused": len(result["form_refused"]),
        "statuses": {f"{name} {status}": n for (name, status), n in sorted(statuses.items())},
    }


def verify(env: dict[str, str], outputs: list[Path]) -> dict[str, Any]:
    """What the database holds of the acknowledged submissions (in a process bound to it)."""
    done = subprocess.run(
        [sys.executable, __file__, "--verify", *map(str, outputs)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def check_stored(outputs: list[Path]) -> dict[str, Any]:
    """In a process bound to the database: compare receipts shown with applications stored."""
    import django

    django.setup()
    from vetting.intake import receipts
    from vetting.intake.models import Application
    from vetting.screening.models import ScreeningState

    acknowledged: dict[str, str] = {}
    resent: list[dict[str, Any]] = []
    for path in outputs:
        data = json.loads(path.read_text())
        acknowledged.update((a["marker"], a["code"]) for a in data["acknowledged"])
        resent += data["resent"]
    stored: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    # Statements are sealed: the database cannot search them, so every one is opened here.
    rows = Application.objects.exclude(statement="").values_list(
        "pk", "statement", "receipt_digest"
    )
    for pk, statement, digest in rows.iterator(2000):
        if found := MARKER.search(statement):
            stored[found.group(1)].append((pk, digest))
    pks = [pk for entries in stored.values() for pk, _ in entries]
    screened = sum(
        ScreeningState.objects.filter(application_id__in=pks[i : i + 5000]).count()
        for i in range(0, len(pks), 5000)
    )
    return {
        "acknowledged": len(acknowledged),
        "missing": sum(marker not in stored for marker in acknowledged),
        "duplicated": sum(len(entries) > 1 for entries in stored.values()),
        "wrong_code": sum(
            marker in stored and stored[marker][0][1] != receipts.digest(code)
            for marker, code in acknowledged.items()
        ),
        "stored_unacknowledged": sum(marker not in acknowledged for marker in stored),
        "stored": len(pks),
        "screened": screened,
        "resent": len(resent),
        "resent_two_codes": sum(len(r["codes"]) > 1 for r in resent),
        "resent_one_code": sum(len(r["codes"]) == 1 for r in resent),
    }


def audit_verifies(env: dict[str, str]) -> bool:
    done = subprocess.run(
        [*VETTING, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return done.returncode == 0


def run_one(kind: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    env = database_env(kind, workdir)
    print(f"{kind}: preparing (migrate, {args.seed_applications:,} demo applications)", flush=True)
    prepared = prepare(env, args.seed_applications, args.officers, workdir)
    logs = workdir / f"logs-{kind}"
    logs.mkdir()
    load = {"before": os.getloadavg()[0]}
    with serving(env, args.workers, logs) as url:
        print(f"{kind}: baseline, 1 applicant alone for {args.baseline_seconds} s", flush=True)
        baseline = run_locust(
            url, applicants=1, officers=0, seconds=args.baseline_seconds,
            name=f"{kind}-baseline", accounts=prepared["accounts"], workdir=workdir,
        )  # fmt: skip
        print(
            f"{kind}: load, {args.applicants} applicants and {args.officers} officers "
            f"for {args.seconds} s",
            flush=True,
        )
        loaded = run_locust(
            url, applicants=args.applicants, officers=args.officers, seconds=args.seconds,
            name=f"{kind}-load", accounts=prepared["accounts"], workdir=workdir,
        )  # fmt: skip
        load["after"] = os.getloadavg()[0]
        outputs = [workdir / f"locust-{kind}-baseline.json", workdir / f"locust-{kind}-load.json"]
        stored = verify(env, outputs)
        screened_at_stop = stored["screened"]
        started = time.perf_counter()
        while stored["screened"] < stored["stored"]:
            if time.perf_counter() - started > SCREENING_WAIT_S:
                break
            time.sleep(5)
            stored = verify(env, outputs)
        drained_s = time.perf_counter() - started
    log_text = (logs / "gunicorn.log").read_text() + (logs / "db_worker.log").read_text()
    return {
        "prepared": prepared,
        "baseline": timings(baseline),
        "load": timings(loaded),
        "stored": stored,
        "screened_at_stop": screened_at_stop,
        "drained_s": drained_s,
        "audit_ok": audit_verifies(env),
        "tracebacks": log_text.count("Traceback"),
        "worker_timeouts": log_text.count("WORKER TIMEOUT"),
        "loadavg": load,
    }


def checks(r: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """The protections this benchmark stands for: (what, held, figures)."""
    s, load, base = r["stored"], r["load"], r["baseline"]
    errors = {k: load[k] + base[k] for k in ("server_errors", "unanswered", "other_failures")}
    return [
        ("every acknowledged submission stored", s["missing"] == 0,
         f"{s['acknowledged']:,} receipts shown (baseline and load), {s['missing']} not in "
         "the database"),
        ("nothing stored twice", s["duplicated"] == 0 and s["resent_two_codes"] == 0,
         f"{s['duplicated']} markers stored more than once; {s['resent']} double clicks, "
         f"{s['resent_two_codes']} given two receipts"),
        ("each stored with the code shown", s["wrong_code"] == 0,
         f"{s['wrong_code']} with another code"),
        ("no 5xx, no request unanswered", errors["server_errors"] + errors["unanswered"] == 0,
         f"{errors['server_errors']} 5xx, {errors['unanswered']} unanswered, "
         f"{errors['other_failures']} other failed, {r['tracebacks']} tracebacks and "
         f"{r['worker_timeouts']} worker timeouts in the server's logs"),
        ("every valid form accepted", load["form_refused"] + base["form_refused"] == 0,
         f"{load['form_refused'] + base['form_refused']} forms sent back"),
        ("every new application screened", s["screened"] == s["stored"],
         f"{r['screened_at_stop']:,} of {s['stored']:,} when the load stopped, all "
         f"{r['drained_s']:.0f} s later" if s["screened"] == s["stored"] else
         f"{r['screened_at_stop']:,} of {s['stored']:,} when the load stopped, "
         f"{s['screened']:,} {SCREENING_WAIT_S:.0f} s later"),
        ("audit chain verifies", r["audit_ok"], "`vetting audit verify`"),
    ]  # fmt: skip


def report(args: argparse.Namespace, results: dict[str, dict[str, Any]]) -> tuple[str, bool]:
    lines = [
        f"## Load: portal submissions for {args.seconds} s while officers browse",
        "",
        f"gunicorn ({args.workers} workers) and one `vetting db_worker` on 127.0.0.1, "
        f"{os.cpu_count()} CPUs shared with the load generator (locust, one process). "
        f"Load: {args.applicants} applicants, each sending its next application as soon as "
        f"the last is answered (about {RESEND_SHARE:.0%} sent twice at once), and "
        f"{args.officers} officers reading pages every 0.5–2 s. Baseline, same run and server: "
        f"one applicant alone for {args.baseline_seconds} s. A submission's time is the POST "
        f"until the receipt page is received; staff pages are the case queue, case pages, the "
        f"application list and pages and the hit queue.",
        "",
        "| database | submissions/s | baseline/s (1 applicant) | ratio | submit p50 ms | "
        "p99 ms | baseline p50 / p99 ms | p99 / baseline p99 | staff pages | staff p50 ms | "
        "p99 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        load, base = r["load"], r["baseline"]
        lines.append(
            f"| {kind} | {load['rate']:.1f} | {base['rate']:.1f} | "
            f"{load['rate'] / base['rate']:.2f} | {load['submit_p50']:.0f} | "
            f"{load['submit_p99']:.0f} | {base['submit_p50']:.0f} / {base['submit_p99']:.0f} | "
            f"{load['submit_p99'] / base['submit_p99']:.1f} | {load['staff_pages']:,} | "
            f"{load['staff_p50']:.0f} | {load['staff_p99']:.0f} |"
        )
    lines += ["", "| database | page | requests | p50 ms | p99 ms |", "|---|---|---|---|---|"]
    for kind, r in results.items():
        for name, (count, p50, p99) in r["load"]["pages"].items():
            lines.append(f"| {kind} | {name} | {count:,} | {p50:.0f} | {p99:.0f} |")
    lines.append("")
    failed = False
    for kind, r in results.items():
        p = r["prepared"]
        lines.append(
            f"{kind}: {args.seed_applications:,} demo applications loaded in "
            f"{p['seeded_s']:.0f} s and screened in {p['screened_seed_s']:.0f} s before the "
            f"load; {r['load']['submitted']:,} submissions under load; load average (1 min) "
            f"{r['loadavg']['before']:.1f} before, "
            f"{r['loadavg']['after']:.1f} at the end."
        )
        lines.append("")
        for what, held, figures in checks(r):
            failed |= not held
            lines.append(f"- {'PASS' if held else 'FAIL'} {kind}: {what} ({figures})")
        lines.append("")
    return "\n".join(lines), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300, help="length of the load")
    parser.add_argument("--baseline-seconds", type=int, default=30)
    parser.add_argument("--applicants", type=int, default=12, help="concurrent applicants")
    parser.add_argument("--officers", type=int, default=8, help="officers browsing")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--seed-applications", type=int, default=3000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--make-accounts", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--verify", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_accounts:
        make_accounts(int(args.make_accounts[0]), Path(args.make_accounts[1]))
        return
    if args.verify:
        print(json.dumps(check_stored([Path(p) for p in args.verify])))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        try:
            for kind in args.databases.split(","):
                results[kind] = run_one(kind, args, workdir)
        finally:
            # The server's, worker's and locust's logs outlive the temporary directory.
            logs = RESULTS / "load-logs"
            shutil.rmtree(logs, ignore_errors=True)
            logs.mkdir()
            for path in workdir.glob("*.log"):
                shutil.copy(path, logs / path.name)
            for path in workdir.glob("logs-*/*.log"):
                shutil.copy(path, logs / f"{path.parent.name.removeprefix('logs-')}-{path.name}")
    text, failed = report(args, results)
    print(text)
    (RESULTS / "load.md").write_text(text + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
