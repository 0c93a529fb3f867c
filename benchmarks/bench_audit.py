"""Audit page benchmark: the auditor's log filtered by actor and by object, with 10,000,000
audit entries in PostgreSQL.

A fresh database is made and migrated; the entries are generated set-based (INSERT ... SELECT
generate_series, in batches), spread over 200 staff accounts, twelve actions and a million
cases, with one rare account of 100 entries across the whole log. Their hashes and links are
stand-ins that do NOT verify (the page's chain state is anchored at a checkpoint signed over
the generated head, so the page verifies only the entries written while measuring, as after a
checkpoint in real use). Through Django's test Client with a real two-factor sign-in as the
auditor, after a warm-up: the median and 95th percentile of the full request time (every
request also writes its own audit entry). Baselines, in the same run on the same database: the
unfiltered first page; the actor filters with the single-column actor index that was there
before (audit 0003), in a transaction rolled back afterwards; and the page of an OFFSET deep in
an actor's entries, against the same depth by keyset. Last, the busy account's first page
once 2,000 real entries wait after the checkpoint: the most the page verifies on each opening.
Target: filter by actor and by object, median under 150 ms. The database's folder (key ring,
checkpoints) is kept in benchmarks/results/audit-var for --reuse.

    python benchmarks/bench_audit.py [--entries 10000000] [--requests 20] [--reuse]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.bench_cases import database_env, percentile  # noqa: E402
from benchmarks.databases import fresh_postgres  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DATABASE = "vetting_bench_audit"
TARGET_MS = 150.0
WARMUP = 3
ACTORS = 200
CASES = 1_000_000
BATCH = 1_000_000
ACTIONS = [
    "case.viewed",
    "case.moved",
    "application.viewed",
    "case.checks_viewed",
    "case.interview_recorded",
    "case.check_recorded",
    "screening.hits_viewed",
    "case.polygraph_recorded",
    "application.created",
    "staff.login",
    "volunteer.viewed",
    "case.decided",
]


def generate(entries: int) -> None:
    """In the process bound to the database: staff accounts, then the entries in batches."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection

    from vetting.accounts.tests.factories import make_staff
    from vetting.policy.roles import Role

    make_staff(Role.AUDITOR, "bench-auditor")
    User.objects.bulk_create(User(username=f"bench-actor-{i:03d}") for i in range(ACTORS + 1))
    ids = list(
        User.objects.filter(username__startswith="bench-actor-")
        .order_by("username")
        .values_list("pk", flat=True)
    )
    busy, rare = ids[:ACTORS], ids[ACTORS]
    every = max(entries // 100, 1)  # the rare account: 100 entries spread over the log
    actions = "ARRAY[" + ",".join(f"'{a}'" for a in ACTIONS) + "]"
    actors = "ARRAY[" + ",".join(str(i) for i in busy) + "]"
    with connection.cursor() as cursor:
        for low in range(1, entries + 1, BATCH):
            high = min(low + BATCH - 1, entries)
            cursor.execute(
                f"""
                INSERT INTO audit_auditevent
                    (position, at, actor_id, actor_name, action, target_type, target_id,
                     origin, detail, prev_hash, hash)
                SELECT g,
                       now() - (%(n)s - g) * interval '250 milliseconds',
                       CASE WHEN g %% %(every)s = 0 THEN %(rare)s
                            ELSE ({actors})[1 + (g * 7919) %% {ACTORS}] END,
                       'bench-actor',
                       ({actions})[1 + (g * 104729) %% {len(ACTIONS)}],
                       'cases.case',
                       (1 + (g * 48271) %% {CASES})::text,
                       'web 10.0.0.1',
                       jsonb_build_object('bench', g),
                       lpad(to_hex(g - 1), 64, '0'),
                       lpad(to_hex(g), 64, '0')
                FROM generate_series(%(low)s::bigint, %(high)s::bigint) AS g
                """,
                {"n": entries, "every": every, "rare": rare, "low": low, "high": high},
            )
            print(f"  {high:,} entries", flush=True)
        # The head names the last generated entry, as the chain's writer would have left it.
        cursor.execute(
            "UPDATE audit_audithead SET position = %s, hash = lpad(to_hex(%s::bigint), 64, '0') "
            "WHERE id = 1",
            [entries, entries],
        )
    print(json.dumps({"rare": rare, "busy": busy[0]}))


def serve(requests: int, busy: int, rare: int) -> None:
    """In the process bound to the database: time the pages and the baselines."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from vetting.accounts.tests.factories import signed_in_client
    from vetting.audit import checkpoints
    from vetting.audit.models import AuditEvent, AuditHead
    from vetting.auditor import selectors

    # The checkpoint a timer would have signed over the generated head.
    head = AuditHead.objects.get(pk=1)
    key = checkpoints.signing_key(settings.AUDIT_SIGNING_KEY, create=True)
    at = timezone.now()
    checkpoints.write_checkpoint(
        settings.AUDIT_CHECKPOINT_DIR,
        checkpoints.Checkpoint(
            position=head.position,
            hash=head.hash,
            at=at,
            key_id=checkpoints.key_id(key.public_key()),
            # The message of the format the file is written in (no previous checkpoint): a
            # signature over the first format's message does not verify, and the page would
            # then verify from entry #1, break there at once and measure no verification.
            signature=key.sign(checkpoints.signed_message(head.position, head.hash, at, "", 0.0)),
        ),
    )
    client = signed_in_client(User.objects.get(username="bench-auditor"))
    busy_name = User.objects.get(pk=busy).username
    rare_name = User.objects.get(pk=rare).username
    case_id = AuditEvent.objects.filter(position=head.position // 2).values_list(
        "target_id", flat=True
    )[0]
    middle = head.position // 2
    pages = {
        "unfiltered, first page (baseline)": "/en/staff/audit/",
        "actor (busy account), first page": f"/en/staff/audit/?actor={busy_name}",
        "actor (rare account), first page": f"/en/staff/audit/?actor={rare_name}",
        "actor (busy account), page at the middle of the log": (
            f"/en/staff/audit/?actor={busy_name}&before={middle}"
        ),
        "object (a case, C-...)": f"/en/staff/audit/?object=C-{int(case_id):07d}",
        "action, first page": "/en/staff/audit/?action=case.decided",
    }

    cpu_ms: dict[str, list[float]] = {}

    def timed(url: str, n: int) -> list[float]:
        for _ in range(WARMUP):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            began, cpu_began = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            cpu_ms.setdefault(url, []).append((time.process_time() - cpu_began) * 1000)
            assert response.status_code == 200
        return times

    times = {label: timed(url, requests) for label, url in pages.items()}
    cpu = {label: statistics.median(cpu_ms[url]) for label, url in pages.items()}
    state = selectors.chain_state(
        settings.AUDIT_CHECKPOINT_DIR, settings.AUDIT_PUBLIC_KEY, settings.AUDIT_SIGNING_KEY
    )
    verified = f"#{state.verified_from}..#{state.verified_upto}, broken: {state.broken}"
    if state.checkpoint_problem or state.broken or state.verified_from != head.position + 1:
        raise SystemExit(f"the page did not verify from the checkpoint: {verified}")

    # Baseline: the actor filters with the index the table had before (actor_id alone).
    baseline: dict[str, list[float]] = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX audit_event_actor_position")
            cursor.execute("CREATE INDEX bench_old_actor ON audit_auditevent (actor_id)")
            cursor.execute("ANALYZE audit_auditevent")
        for label in (
            "actor (busy account), first page",
            "actor (rare account), first page",
            "actor (busy account), page at the middle of the log",
        ):
            baseline[label] = timed(pages[label], max(3, requests // 4))
        transaction.set_rollback(True)

    # Keyset against OFFSET at the same depth of the busy account's entries.
    depth = AuditEvent.objects.filter(actor_id=busy, position__gte=middle).count()
    with connection.cursor() as cursor:
        sql = (
            "SELECT * FROM audit_auditevent WHERE actor_id = %s ORDER BY position DESC "
            "LIMIT 51 OFFSET %s"
        )
        offset_times = []
        for _ in range(3):
            began = time.perf_counter()
            cursor.execute(sql, [busy, depth])
            cursor.fetchall()
            offset_times.append((time.perf_counter() - began) * 1000)

    # The most the page verifies: VERIFY_ON_PAGE real entries written since the checkpoint (as
    # when the checkpoint timer is late or the log is busy). Last, so no row above pays it.
    from vetting.audit.actions import Actor, Entry, record_many

    record_many(
        Actor(origin="bench"),
        [
            Entry("case.viewed", "cases.case", str(i), {"bench": i})
            for i in range(selectors.VERIFY_ON_PAGE)
        ],
    )
    label = f"actor (busy account), first page, {selectors.VERIFY_ON_PAGE:,} entries to verify"
    times[label] = timed(pages["actor (busy account), first page"], requests)
    cpu[label] = statistics.median(cpu_ms[pages["actor (busy account), first page"]][-requests:])
    state = selectors.chain_state(
        settings.AUDIT_CHECKPOINT_DIR, settings.AUDIT_PUBLIC_KEY, settings.AUDIT_SIGNING_KEY
    )
    if state.broken or state.verified_upto - state.verified_from + 1 < selectors.VERIFY_ON_PAGE:
        raise SystemExit(f"the page did not verify {selectors.VERIFY_ON_PAGE} entries: {state}")
    print(
        json.dumps(
            {
                "times": times,
                "cpu": cpu,
                "baseline": baseline,
                "offset": {"depth": depth, "times": offset_times},
                "entries": head.position,
                "verified": verified,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="measure the previous database")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.entries)
        return
    if args.serve:
        serve(args.requests, *args.serve)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    # The database's own folder (key ring, checkpoints) is kept beside the results: --reuse
    # opens the sealed sign-in secrets of the database it measures again with it.
    workdir = RESULTS / "audit-var"
    env = database_env(DATABASE, workdir)
    marks = RESULTS / "audit-accounts.json"
    if args.reuse:
        generated = "not run (--reuse)"
    else:
        print(f"{args.entries:,} audit entries in {DATABASE}", flush=True)
        shutil.rmtree(workdir, ignore_errors=True)
        fresh_postgres(DATABASE)
        vetting = [sys.executable, "-m", "vetting"]
        subprocess.run([*vetting, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--generate", "--entries", str(args.entries)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        import psycopg

        with psycopg.connect(env["VETTING_DATABASE_URL"], autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE) audit_auditevent")
        generated = f"{time.perf_counter() - began:.0f} s (with VACUUM ANALYZE)"
        marks.write_text(out.strip().splitlines()[-1])
    accounts = json.loads(marks.read_text())
    load_before = os.getloadavg()[0]
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--requests",
            str(args.requests),
            "--serve",
            str(accounts["busy"]),
            str(accounts["rare"]),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    load_after = os.getloadavg()[0]
    result = json.loads(out.strip().splitlines()[-1])
    offset = result["offset"]
    lines = [
        f"## Audit page: {result['entries']:,} audit entries (PostgreSQL)",
        "",
        f"Full request time through Django's test Client (the auditor, signed in with password "
        f"and TOTP), {args.requests} requests per page after {WARMUP} warm-up requests; each "
        f"request also verifies the entries after the latest checkpoint and writes its own "
        f"entry. Entries generated with INSERT ... SELECT generate_series: {generated}; their "
        f"hashes are stand-ins that do not verify, and a checkpoint is signed over the generated "
        f"head (page verified {result['verified']}). Baseline columns: the same page with the "
        f"single-column actor index of before (in a rolled-back transaction). Target: filter by "
        f"actor and by object, median < {TARGET_MS:.0f} ms. Load average (1 min): "
        f"{load_before:.1f} before, {load_after:.1f} after ({os.cpu_count()} CPUs).",
        "",
        "| page | median ms | p95 ms | Django CPU median ms | baseline median ms | "
        "baseline p95 ms | < 150 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    failed = False
    for label, times in result["times"].items():
        median = statistics.median(times)
        base = result["baseline"].get(label)
        targeted = label.startswith(("actor", "object"))
        verdict = ("PASS" if median < TARGET_MS else "FAIL") if targeted else "(baseline)"
        failed |= verdict == "FAIL"
        base_cells = (
            f"{statistics.median(base):.1f} | {percentile(base, 0.95):.1f}" if base else " | "
        )
        lines.append(
            f"| {label} | {median:.1f} | {percentile(times, 0.95):.1f} | "
            f"{result['cpu'][label]:.1f} | {base_cells} | {verdict} |"
        )
    lines += [
        "",
        f"The same depth of the busy account's entries ({offset['depth']:,} entries in) read "
        f"with OFFSET instead of keyset: median "
        f"{statistics.median(offset['times']):.1f} ms for the query alone.",
    ]
    report = "\n".join(lines)
    print(report)
    (RESULTS / "audit.md").write_text(report + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
