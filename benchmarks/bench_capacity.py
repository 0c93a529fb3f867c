"""Capacity page and visit plan benchmark, with 1,000,000 cases in PostgreSQL.

A fresh database is made, migrated and filled with `vetting generate-cases` (cases with their
stage history), and a field visit is planned at the busiest generated detention site. Through
Django's test Client with a real two-factor sign-in, after a warm-up: the median and 95th
percentile of the full request time of the capacity page (as a commander) and the visit plan
(as an intake clerk, who may book). Baseline, in the same run on the same database: the same
figures computed the naive way, the ORM reading every row into Python (one run each).
Target: each page under 1 s at the median.

    python benchmarks/bench_capacity.py [--cases 1000000] [--requests 15] [--reuse]
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.bench_cases import database_env, percentile, prepare  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DATABASE = "bench_capacity"
TARGET_MS = 1000.0
WARMUP = 3


def serve(requests: int) -> None:
    """In the process bound to the database: plan a visit, time the pages and the baselines."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    import django

    django.setup()
    from collections import Counter, defaultdict
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.utils import timezone

    from vetting.accounts.tests.factories import make_staff, signed_in_client
    from vetting.audit.actions import Actor
    from vetting.cases import triage
    from vetting.cases.models import Case, StageChange
    from vetting.intake.models import Application
    from vetting.places.actions import create_place
    from vetting.places.models import PlaceKind
    from vetting.places.selectors import place_named
    from vetting.policy.roles import Role
    from vetting.selection import actions, selectors

    def staff(role: Role) -> User:
        username = f"bench-{role.replace(' ', '-')}"
        return User.objects.filter(username=username).first() or make_staff(role, username)

    commander, clerk = staff(Role.COMMANDER), staff(Role.INTAKE_CLERK)
    interviewer = staff(Role.INTERVIEWER)
    site = (
        Application.objects.exclude(detention_site="")
        .values_list("detention_site")
        .annotate(n=Count("id"))
        .order_by("-n")[0][0]
    )
    # The generated cases wrote their sites as text: the busiest one becomes a place of the list.
    place = place_named(site) or create_place(
        kind=PlaceKind.DETENTION_SITE,
        name_uk=site,
        name_ru=site,
        name_en=site,
        actor=Actor(origin="bench"),
    )
    Application.objects.filter(detention_site=site).update(place=place)
    start = timezone.localdate() + timedelta(days=5)
    visit = actions.plan_visit(
        place=place,
        starts_on=start,
        ends_on=start + timedelta(days=2),
        commander=commander,
        interviewers=[interviewer],
        actor=Actor(user=commander, origin="bench"),
    )
    candidates = selectors.candidates(clerk, visit).count()
    # One sign-in per account: a TOTP code is good once.
    as_commander, as_clerk = signed_in_client(commander), signed_in_client(clerk)
    pages = {
        "capacity page": (as_commander, "/en/staff/capacity/?target=2027-06-01"),
        "capacity CSV (forecast)": (as_commander, "/en/staff/capacity/forecast.csv"),
        "visit plan": (as_clerk, f"/en/staff/visits/{visit.pk}/"),
        "visit plan, page 3": (as_clerk, f"/en/staff/visits/{visit.pk}/?page=3"),
    }
    times: dict[str, list[float]] = {}
    for label, (client, url) in pages.items():
        for _ in range(WARMUP):
            assert client.get(url).status_code == 200, (label, url)
        times[label] = []
        for _ in range(requests):
            began = time.perf_counter()
            response = client.get(url)
            times[label].append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200

    def naive_capacity() -> None:
        now = timezone.now()
        per_stage = Counter(Case.objects.values_list("stage", flat=True).iterator())
        since = now - timedelta(weeks=12)
        weekly: Counter[tuple[object, str]] = Counter()
        for submitted, channel in Application.objects.values_list(
            "submitted_at", "channel"
        ).iterator():
            if submitted >= since:
                weekly[(submitted.date() - timedelta(days=submitted.weekday()), channel)] += 1
        stays: dict[str, list[float]] = defaultdict(list)
        for stage, at, entered in StageChange.objects.values_list(
            "from_stage", "at", "entered_at"
        ).iterator():
            if entered and at >= now - timedelta(weeks=4):
                stays[stage].append((at - entered).total_seconds() / 86400)
        for values in stays.values():
            statistics.median(values)
            statistics.quantiles(values, n=10) if len(values) > 1 else None
        assert per_stage and weekly is not None

    def naive_plan() -> None:
        now = timezone.now()
        visits = selectors.upcoming_visits(timezone.localdate(now))
        rows = Case.objects.filter(
            application__place=place, stage__in=selectors.CANDIDATE_STAGES
        ).select_related("application__place")
        ranked = sorted(
            rows.iterator(),
            key=lambda c: -triage.triage(triage.facts_of(c.application, visits, now)).score,
        )
        assert len(ranked) >= candidates

    baseline = {}
    for label, run in (("capacity page", naive_capacity), ("visit plan", naive_plan)):
        began = time.perf_counter()
        run()
        baseline[label] = (time.perf_counter() - began) * 1000
    print(
        json.dumps(
            {
                "times": times,
                "baseline": baseline,
                "candidates": candidates,
                "cases": Case.objects.count(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="measure the previous database")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.requests)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.reuse:
            env, generated = database_env(DATABASE, Path(tmp)), "not run (--reuse)"
        else:
            print(f"{args.cases:,} cases in {DATABASE}", flush=True)
            env, seconds = prepare(DATABASE, args.cases, args.seed, Path(tmp))
            generated = f"{seconds:.1f} s"
        load_before = os.getloadavg()[0]
        out = subprocess.run(
            [sys.executable, __file__, "--serve", "--requests", str(args.requests)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        load_after = os.getloadavg()[0]
    result = json.loads(out.strip().splitlines()[-1])
    lines = [
        f"## Capacity page and visit plan: {result['cases']:,} cases (PostgreSQL)",
        "",
        f"Full request time through Django's test Client (signed in with password and TOTP), "
        f"{args.requests} requests per page after {WARMUP} warm-up requests. The visit plan "
        f"ranks {result['candidates']:,} candidates at the busiest site. Baseline: the same "
        f"figures read row by row through the ORM into Python, once. Target: median < "
        f"{TARGET_MS:.0f} ms. `vetting generate-cases`: {generated}. Load average (1 min): "
        f"{load_before:.1f} before, {load_after:.1f} after ({os.cpu_count()} CPUs).",
        "",
        "| page | median ms | p95 ms | naive ORM baseline ms | < 1 s |",
        "|---|---|---|---|---|",
    ]
    failed = False
    for label, times in result["times"].items():
        median = statistics.median(times)
        base = result["baseline"].get(label)
        verdict = "PASS" if median < TARGET_MS else "FAIL"
        failed |= verdict == "FAIL"
        lines.append(
            f"| {label} | {median:.0f} | {percentile(times, 0.95):.0f} | "
            f"{'' if base is None else f'{base:,.0f}'} | {verdict} |"
        )
    report = "\n".join(lines)
    print(report)
    (RESULTS / "capacity.md").write_text(report + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
