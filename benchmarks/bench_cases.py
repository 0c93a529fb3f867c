"""Case pages benchmark: each role's queue and a case page, with 1,000,000 cases in PostgreSQL.

Two fresh databases are made, migrated and filled with `vetting generate-cases`: a small one
(the baseline, 10,000 cases) and a large one (1,000,000). Each is measured in its own process,
so the settings bind to that database, through Django's test Client with a real two-factor
sign-in per role: after a warm-up, the median and 95th percentile of the full request time
(middleware, view, queries, template) over --requests requests per page. Target: a median
under 150 ms on the large database.

    python benchmarks/bench_cases.py [--small 10000] [--large 1000000] [--requests 30]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.databases import fresh_postgres, postgres_url  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DATABASES = {"small": "vetting_bench_cases_small", "large": "vetting_bench_cases_large"}
TARGET_MS = 150.0
WARMUP = 5
VETTING = [sys.executable, "-m", "vetting"]


def database_env(db: str, workdir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        VETTING_DATABASE_URL=postgres_url(db),
        VETTING_VAR_DIR=str(workdir / db),
        VETTING_TEST_HOSTS="testserver",
        PYTHONPATH=str(ROOT),
    )


def prepare(db: str, cases: int, seed: int, workdir: Path) -> tuple[dict[str, str], float]:
    """A fresh, migrated database with `cases` generated cases: its environment and the
    generator's wall time."""
    fresh_postgres(db)
    env = database_env(db, workdir)
    subprocess.run([*VETTING, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    start = time.perf_counter()
    subprocess.run(
        [*VETTING, "generate-cases", "--cases", str(cases), "--seed", str(seed)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    # The generator ANALYZEs what it wrote; VACUUM also sets the visibility map, as autovacuum
    # soon would after a bulk load, so that index-only scans need no heap visits.
    import psycopg

    with psycopg.connect(env["VETTING_DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    return env, seconds


class Measurer:
    """A process bound to one database that signs in per role and times pages on request.

    Both databases' processes are kept open and asked in turn, a few requests at a time, so
    that a change in the machine's load (other work on the same two cores) falls on both
    sides of the ratio alike.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pages: list[list[str]] = self._read()

    def _read(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the measuring process ended (exit {self.process.wait()})")
        return json.loads(line)

    def time(self, page: int, requests: int) -> list[float]:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{page} {requests}\n")
        self.process.stdin.flush()
        times: list[float] = self._read()
        return times

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def serve() -> None:
    """In the process bound to one database: sign in per role, then time pages on request."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vetting.accounts.tests.factories import PASSWORD, make_staff, signed_in_client
    from vetting.cases.management.commands.generate_cases import staff_username
    from vetting.cases.models import Case
    from vetting.policy.roles import Role
    from vetting.policy.workflow import QUEUES, Stage

    def examiner() -> User:
        """The first examiner the generator assigned sessions to, made able to sign in."""
        user = User.objects.get(username=staff_username("examiner", 1))
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        return user

    def staff(role: Role) -> User:
        username = f"bench-{role.replace(' ', '-')}"
        return User.objects.filter(username=username).first() or make_staff(role, username)

    users = {role: staff(role) for role in QUEUES}
    users[Role.POLYGRAPH_EXAMINER] = examiner()
    clients = {role: signed_in_client(user) for role, user in users.items()}

    def case_at(stage: Stage) -> Case:
        """The first case at `stage` with a session of the benchmark's examiner."""
        case = (
            Case.objects.filter(
                stage=stage, polygraph_sessions__examiner=users[Role.POLYGRAPH_EXAMINER]
            )
            .order_by("pk")
            .first()
        )
        assert case is not None, f"no generated case at {stage}"
        return case

    queue = "/en/staff/cases/"
    biggest = max(QUEUES, key=lambda r: Case.objects.filter(stage__in=QUEUES[r]).count())
    pages: list[tuple[str, Role, str]] = [("queue", r, queue) for r in QUEUES]
    pages += [
        ("queue, page 2", biggest, queue + "?page=2"),
        (f"queue, stage={Stage.TRIAGE.value}", biggest, f"{queue}?stage={Stage.TRIAGE.value}"),
    ]
    for stage in (Stage.POLYGRAPH, Stage.COMMANDER_DECISION):
        case = case_at(stage)
        for role in (Role.COMMANDER, Role.SECURITY_OFFICER):
            pages.append((f"case page ({stage.value} stage)", role, f"/en/staff/cases/{case.pk}/"))
    print(json.dumps([[label, str(role), url] for label, role, url in pages]), flush=True)
    warmed: set[int] = set()
    for line in sys.stdin:
        index, requests = (int(x) for x in line.split())
        _label, role, url = pages[index]
        client = clients[role]
        if index not in warmed:
            for _ in range(WARMUP):
                response = client.get(url)
                assert response.status_code == 200, (url, role, response.status_code)
            warmed.add(index)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, role, response.status_code)
        print(json.dumps(times), flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="cases in the baseline")
    parser.add_argument("--large", type=int, default=1_000_000, help="cases in the target")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=3, help="turns the requests are split in")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the databases of the previous run as they are"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = {"small": args.small, "large": args.large}
    generated: dict[str, str] = {}
    envs: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, db in DATABASES.items():
            if args.reuse:
                envs[kind] = database_env(db, Path(tmp))
                generated[kind] = "not run (--reuse)"
                continue
            print(f"{kind}: {sizes[kind]:,} cases in {db}", flush=True)
            envs[kind], seconds = prepare(db, sizes[kind], args.seed, Path(tmp))
            generated[kind] = f"{seconds:.1f} s"
        load_before = os.getloadavg()[0]
        measurers = {kind: Measurer(env) for kind, env in envs.items()}
        pages = measurers["small"].pages
        assert [p[:2] for p in pages] == [p[:2] for p in measurers["large"].pages]
        times: dict[str, list[list[float]]] = {kind: [[] for _ in pages] for kind in measurers}
        per_round = max(1, args.requests // args.rounds)
        for index, (label, role, _url) in enumerate(pages):
            print(f"  {label} as {role}", flush=True)
            while len(times["large"][index]) < args.requests:
                count = min(per_round, args.requests - len(times["large"][index]))
                for kind, measurer in measurers.items():
                    times[kind][index] += measurer.time(index, count)
        for measurer in measurers.values():
            measurer.close()
        load_after = os.getloadavg()[0]
    lines = [
        f"## Case pages: {args.large:,} cases against a baseline of {args.small:,} (PostgreSQL)",
        "",
        f"Full request time through Django's test Client (signed in with password and TOTP), "
        f"{args.requests} requests per page after {WARMUP} warm-up requests, the two databases "
        f"measured in turn ({args.rounds} rounds). Target: median < {TARGET_MS:.0f} ms with "
        f"{args.large:,} cases. Load average (1 min) on the machine: {load_before:.1f} before, "
        f"{load_after:.1f} after measuring ({os.cpu_count()} CPUs).",
        "",
        f"`vetting generate-cases`: {generated['small']} for {args.small:,} cases, "
        f"{generated['large']} for {args.large:,} (including ANALYZE).",
        "",
        f"| page | role | median ms, {args.small:,} | p95 ms, {args.small:,} | "
        f"median ms, {args.large:,} | p95 ms, {args.large:,} | ratio | "
        f"< {TARGET_MS:.0f} ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failed = False
    for index, (label, role, _url) in enumerate(pages):
        small, large = times["small"][index], times["large"][index]
        s_med, l_med = statistics.median(small), statistics.median(large)
        verdict = "PASS" if l_med < TARGET_MS else "FAIL"
        failed |= verdict == "FAIL"
        lines.append(
            f"| {label} | {role} | {s_med:.1f} | {percentile(small, 0.95):.1f} | {l_med:.1f} | "
            f"{percentile(large, 0.95):.1f} | {l_med / s_med:.2f} | {verdict} |"
        )
    report = "\n".join(lines)
    print(report)
    (RESULTS / "cases.md").write_text(report + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
