"""Screening API benchmark: 1,000 FollowTheMoney queries through POST /api/match/default, in
batches of 100 as a yente client sends them, against a watchlist of 10^6 entries, beside
`vetting screen` on the same watchlist and the same people in the same run.

    python benchmarks/bench_api.py [--size 1M] [--queries 1000] [--batch 100]

The API side runs on a fresh SQLite database: the watchlist is imported with
`vetting import-watchlist` (sealed at rest, as in use), a token is issued under four eyes, and
the calls go through Django's full request stack in one process (no HTTP server: the figure
is the application's own cost). The first call builds the server's index from the database
and is reported apart; the server keeps the index until a watchlist version changes.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_matching import parse_size  # noqa: E402
from workload import RESULTS, query_applicants, watchlist_path  # noqa: E402

VETTING = [sys.executable, "-m", "vetting"]


def ftm_people(queries: int) -> list[dict[str, object]]:
    """The screened applicants as FollowTheMoney Person entities (what `to_dict()` gives)."""
    people = []
    for a in query_applicants(queries):
        properties: dict[str, list[str]] = {
            "name": [n for n in (a.name_cyrillic, a.name_latin) if n],
            "gender": [a.gender] if a.gender else [],
            "birthDate": [a.birth_date.isoformat()] if a.birth_date else [],
            "birthPlace": [a.place_of_birth] if a.place_of_birth else [],
        }
        people.append(
            {
                "id": a.external_id,
                "schema": "Person",
                "properties": {k: v for k, v in properties.items() if v},
            }
        )
    return people


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def api_worker(batch: int, people_file: str) -> None:
    """In the child process: issue a token, call the API, print the figures as JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    django.setup()
    from django.test import Client

    from vetting.accounts import actions as accounts
    from vetting.api import actions as api
    from vetting.audit.actions import Actor
    from vetting.policy.roles import Role

    system = Actor(origin="bench")
    admins = []
    for name in ("bench-admin-1", "bench-admin-2"):
        user = accounts.create_account_by_command(name, actor=system)
        accounts.grant_role_by_command(user, Role.ADMINISTRATOR, actor=system)
        admins.append(Actor(user=user, origin="bench"))
    token = api.propose_token(service="security", label="bench", reason="bench", actor=admins[0])
    secret = api.issue_token(token, actor=admins[1])
    people = json.loads(Path(people_file).read_text(encoding="utf-8"))
    client = Client(SERVER_NAME="localhost")
    headers = {"Authorization": f"ApiKey {secret}"}

    def call(chunk: list[dict[str, object]]) -> dict[str, object]:
        response = client.post(
            "/api/match/default?limit=100",
            {"queries": {str(p["id"]): p for p in chunk}},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 200, response.content[:300]
        return dict(response.json()["responses"])

    started = time.perf_counter()
    call(people[:1])
    first_s = time.perf_counter() - started
    answers: dict[str, object] = {}
    latencies = []
    started = time.perf_counter()
    for i in range(0, len(people), batch):
        t = time.perf_counter()
        answers.update(call(people[i : i + batch]))
        latencies.append(time.perf_counter() - t)
    total_s = time.perf_counter() - started
    # The matcher alone on the same warm index and the same people: what `vetting screen`
    # spends per query once its index is built.
    from vetting.matching import normalize
    from vetting.matching.files import entity_record
    from vetting.matching.index import MAX_CANDIDATES
    from vetting.screening import engine

    index = engine.watchlist_index().index
    records = [entity_record(p) for p in people]
    started = time.perf_counter()
    for record in records:
        assert not isinstance(record, str)
        index.query(normalize(record), limit=MAX_CANDIDATES)
    matcher_s = time.perf_counter() - started
    pairs = sorted(
        (key, r["id"], f"{r['score']:.4f}")
        for key, answer in answers.items()
        for r in answer["results"]  # type: ignore[index]
    )
    print(
        json.dumps(
            {
                "first_call_s": first_s,
                "total_s": total_s,
                "matcher_s": matcher_s,
                "batch_s": latencies,
                "pairs": pairs,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        api_worker(int(args.worker[0]), args.worker[1])
        return
    size = parse_size(args.size)
    started = time.perf_counter()
    watchlist = watchlist_path(size, args.queries)
    print(
        f"watchlist of {size:,} entries ready in {time.perf_counter() - started:.1f} s", flush=True
    )
    with tempfile.TemporaryDirectory(prefix="vetting-bench-api-") as tmp:
        people = ftm_people(args.queries)
        jsonl = Path(tmp) / "people.jsonl"
        jsonl.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in people))
        (Path(tmp) / "people.json").write_text(json.dumps(people, ensure_ascii=False))
        env = {
            **os.environ,
            "VETTING_VAR_DIR": str(Path(tmp) / "var"),
            "VETTING_IMPORT_MAX_MB": "2000",
            "VETTING_API_RATE": "100000/m",
        }
        env.pop("VETTING_DATABASE_URL", None)
        out = Path(tmp) / "hits.csv"
        screen_s = timed(
            [
                *VETTING,
                "screen",
                "--watchlist",
                str(watchlist),
                "--applicants",
                str(jsonl),
                "--out",
                str(out),
            ],
            env,
        )
        with out.open(encoding="utf-8") as f:
            expected = sorted(
                (r["applicant_id"], r["watchlist_id"], r["score"]) for r in csv.DictReader(f)
            )
        print(
            f"vetting screen: {screen_s:.1f} s (reads the file, builds the index, screens)",
            flush=True,
        )
        timed([*VETTING, "migrate", "--no-input", "-v", "0"], env)
        import_s = timed([*VETTING, "import-watchlist", "Bench", str(watchlist)], env)
        print(f"import-watchlist: {import_s:.1f} s", flush=True)
        done = subprocess.run(
            [sys.executable, __file__, "--worker", str(args.batch), str(Path(tmp) / "people.json")],
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(done.stderr[-3000:])
        api = json.loads(done.stdout.strip().splitlines()[-1])
    same = [tuple(p) for p in api["pairs"]] == expected
    rate = args.queries / api["total_s"]
    batches = sorted(api["batch_s"])
    lines = [
        f"## Screening API: {args.queries:,} queries against {size:,} watchlist entries",
        "",
        "| what | seconds | queries/s |",
        "|---|---:|---:|",
        f"| `vetting screen` (file in, index built, {args.queries:,} screened) | {screen_s:.1f}"
        f" | {args.queries / screen_s:.0f} |",
        f"| matcher alone, same warm index ({args.queries:,} queries, as `vetting screen`"
        f" once its index is built) | {api['matcher_s']:.1f}"
        f" | {args.queries / api['matcher_s']:.0f} |",
        f"| API, first call (index built from the database) | {api['first_call_s']:.1f} | – |",
        f"| API, {args.queries:,} queries in batches of {args.batch} | {api['total_s']:.1f}"
        f" | {rate:.0f} |",
        "",
        f"median batch {batches[len(batches) // 2]:.2f} s, slowest {batches[-1]:.2f} s; "
        f"watchlist import {import_s:.0f} s; same hits and scores as `vetting screen`: "
        f"{'yes' if same else 'NO'} ({len(expected)} pairs)",
    ]
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"api-{size}.md").write_text("\n".join(lines) + "\n")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
