"""`vetting generate-cases --cases N [--seed S]`: N synthetic applications with their cases, for
benchmarks. Same seed and size, same data.

Rows are made by the database itself (`INSERT ... SELECT ... FROM generate_series`), so a
million cases take minutes, not hours. Every value is a function of the row number and the
seed (PostgreSQL's `hashint8extended`), so nothing random travels over the connection.
"""

import random
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from vetting.accounts.models import GrantedBy, RoleGrant
from vetting.cases.models import (
    BackgroundCheck,
    Case,
    CheckResult,
    Claim,
    ClaimKind,
    Interview,
    PolygraphResult,
    PolygraphSession,
    Service,
    StageChange,
)
from vetting.intake.models import Application
from vetting.keys.fields import blind_value, index_value
from vetting.policy.roles import Role
from vetting.policy.workflow import MAIN_PATH, Stage, way_into
from vetting.synthetic.military import RANKS, SPECIALTIES, UNITS
from vetting.synthetic.names import MALE_NAMES, SURNAMES, russian_patronymic
from vetting.synthetic.places import BIRTHPLACES, DETENTION_OBLASTS
from vetting.synthetic.romanization import romanize

SOURCE = "generate-cases"
NAME_POOL = 4096
INTERVIEW_NOTE = "Беседа проведена, замечаний нет."
FINDINGS = "Сведения из открытых источников и учётов проверены."

# Share of cases per stage: most are early in the pipeline, fewer further on.
STAGE_SHARES: tuple[tuple[Stage, float], ...] = (
    (Stage.RECEIVED, 0.30),
    (Stage.TRIAGE, 0.20),
    (Stage.INTERVIEW, 0.17),
    (Stage.BACKGROUND_CHECKS, 0.10),
    (Stage.POLYGRAPH, 0.05),
    (Stage.COMMANDER_DECISION, 0.03),
    (Stage.ACCEPTED, 0.04),
    (Stage.REJECTED, 0.06),
    (Stage.WITHDRAWN, 0.03),
    (Stage.ON_HOLD, 0.02),
)
DAYS_IN_STAGE = 180
# The staff accounts that generated work is assigned to (usernames: gen-<kind>-<n>).
STAFF: dict[str, Role] = {
    "clerk": Role.INTAKE_CLERK,
    "commander": Role.COMMANDER,
    "interviewer": Role.INTERVIEWER,
    "security": Role.SECURITY_OFFICER,
    "counterintelligence": Role.COUNTERINTELLIGENCE_OFFICER,
    "examiner": Role.POLYGRAPH_EXAMINER,
}
CONSENT = {
    "ru": "Я подаю заявление добровольно, по своей воле.",
    "uk": "Я подаю заяву добровільно, з власної волі.",
    "en": "I apply of my own free will.",
}
CLAIMS = {
    ClaimKind.IDENTITY: "Личность подтверждается военным билетом.",
    ClaimKind.RANK: "Воинское звание указано в заявлении.",
    ClaimKind.UNIT: "Проходил службу в указанной части.",
    ClaimKind.CAPTURE: "Попал в плен при выходе из окружения.",
}


def staff_username(kind: str, n: int) -> str:
    return f"gen-{kind}-{n}"


class Command(BaseCommand):
    help = (
        "Generate N synthetic applications with their cases, claims, interviews, background "
        "checks and polygraph sessions, for benchmarks. PostgreSQL only. No audit entries are "
        "written for the generated rows, so this is not for a database holding real cases; it "
        "refuses to run on a database that already has applications unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--examiners",
            type=int,
            default=4,
            help="Polygraph examiner accounts the sessions are spread over (at least 2)",
        )
        parser.add_argument(
            "--force", action="store_true", help="Add cases even if applications already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n, seed, examiners = options["cases"], options["seed"], options["examiners"]
        if n < 1:
            raise CommandError("--cases must be at least 1")
        if examiners < 2:
            raise CommandError("--examiners must be at least 2 (two sessions per case)")
        if connection.vendor != "postgresql":
            raise CommandError(
                "generate-cases needs PostgreSQL (it builds rows with generate_series); "
                "set VETTING_DATABASE_URL to a PostgreSQL database."
            )
        if Application.objects.exists() and not options["force"]:
            raise CommandError(
                "This database already has applications; generated cases carry no audit "
                "entries and are for benchmark databases only. Use --force to add them anyway."
            )
        started = time.perf_counter()
        staff = ensure_staff(examiners)
        with transaction.atomic(), connection.cursor() as cursor:
            generator = Generator(cursor, seed, staff, self.stdout.write)
            generator.run(n)
        with connection.cursor() as cursor:
            for model in (
                Application,
                Case,
                StageChange,
                Claim,
                Interview,
                BackgroundCheck,
                PolygraphSession,
            ):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(
            f"{n:,} cases generated in {time.perf_counter() - started:.1f} s; "
            f"examiners: {', '.join(u.username for u in staff['examiner'])}"
        )


def ensure_staff(examiners: int) -> dict[str, list[User]]:
    """The accounts generated work is assigned to, created once (no password, no device)."""
    counts = {
        "clerk": 3,
        "commander": 2,
        "interviewer": 3,
        "security": 2,
        "counterintelligence": 2,
        "examiner": examiners,
    }
    staff: dict[str, list[User]] = {}
    for kind, role in STAFF.items():
        users = []
        for i in range(1, counts[kind] + 1):
            user, created = User.objects.get_or_create(username=staff_username(kind, i))
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            RoleGrant.objects.get_or_create(
                account=user,
                role=str(role),
                revoked_at=None,
                defaults={"granted_at": timezone.now(), "granted_by": GrantedBy.COMMAND},
            )
            users.append(user)
        staff[kind] = users
    return staff


def _full_names() -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    surnames = list(SURNAMES[:60])
    given = list(MALE_NAMES[:25])
    patronymics = [russian_patronymic(name, False) for name in given]
    latin = [[romanize(w, "bgn_pcgn") for w in words] for words in (surnames, given, patronymics)]
    return surnames, given, patronymics, latin[0], latin[1], latin[2]


class Generator:
    """The SQL for one run; each step is one statement over a temporary table of row numbers."""

    def __init__(
        self, cursor: Any, seed: int, staff: dict[str, list[User]], say: Any = print
    ) -> None:
        self.cursor = cursor
        self.seed = seed
        self.staff = staff
        self.say = say
        self.salt = 0

    def u(self, column: str = "g.i") -> str:
        """A new uniform number in [0, 1) for each row, independent of the others drawn."""
        self.salt += 1
        key = self.seed * 1000 + self.salt
        return f"((hashint8extended({column}, {key}) & 2147483647)::float8 / 2147483648.0)"

    def pick(self, values: Sequence[object], column: str = "g.i") -> str:
        """One of `values` per row, evenly."""
        self.salt += 1
        key = self.seed * 1000 + self.salt
        literal = ", ".join(_quote(v) for v in values)
        return (
            f"(ARRAY[{literal}])[1 + mod(hashint8extended({column}, {key}) & 2147483647, "
            f"{len(values)})]"
        )

    def weighted(self, choices: Sequence[tuple[object, float]]) -> str:
        """One of the values per row, with the given shares."""
        draw = self.u()
        total = sum(share for _, share in choices)
        parts, acc = [], 0.0
        for value, share in choices[:-1]:
            acc += share / total
            parts.append(f"WHEN {draw} < {acc:.6f} THEN {_quote(value)}")
        # Each WHEN recomputes the same draw (same key, same row), so the shares hold.
        return f"(CASE {' '.join(parts)} ELSE {_quote(choices[-1][0])} END)"

    def step(self, label: str, sql: str, params: Sequence[object] = ()) -> None:
        started = time.perf_counter()
        self.cursor.execute(sql, params)
        rows = self.cursor.rowcount
        self.say(f"  {label}: {rows:,} rows in {time.perf_counter() - started:.1f} s")

    def run(self, n: int) -> None:
        c = self.cursor
        c.execute("SET LOCAL synchronous_commit = off")
        c.execute("LOCK TABLE intake_application, cases_case IN SHARE ROW EXCLUSIVE MODE")
        c.execute("SELECT coalesce(max(id), 0) FROM intake_application")
        app_base = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        case_base = c.fetchone()[0]
        c.execute("SELECT count(*) FROM intake_application WHERE source = %s", [SOURCE])
        line_base = c.fetchone()[0]
        self.plan(n)
        self.applications(app_base, line_base)
        self.cases(app_base, case_base)
        self.claims(case_base)
        self.interviews(case_base)
        self.checks(case_base)
        self.polygraph(case_base)
        self.stage_changes(case_base)
        for table in ("intake_application", "cases_case"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )

    def plan(self, n: int) -> None:
        """Per row: its stage, how far along the main path it got, and when it got there."""
        stage = self.weighted([(s.value, share) for s, share in STAGE_SHARES])
        path = {s.value: i for i, s in enumerate(MAIN_PATH)}
        reached = " ".join(f"WHEN '{s}' THEN {i}" for s, i in path.items())
        # Rejected, withdrawn and on-hold cases left the main path somewhere before a decision.
        elsewhere = f"floor({self.u('s.i')} * 6)::int"
        since = self.u("s.i")
        opened = self.u("s.i")
        self.step(
            "plan",
            f"""
            CREATE TEMPORARY TABLE gen_cases ON COMMIT DROP AS
            SELECT s.i, s.stage,
                   CASE s.stage {reached} ELSE {elsewhere} END AS reached,
                   now() - {since} * interval '{DAYS_IN_STAGE} days' AS stage_since,
                   {opened} AS opened_share
            FROM (SELECT g.i, {stage} AS stage FROM generate_series(1, {int(n)}) AS g(i)) AS s
            """,
        )
        self.cursor.execute("ALTER TABLE gen_cases ADD PRIMARY KEY (i)")
        self.cursor.execute("ANALYZE gen_cases")

    def applications(self, app_base: int, line_base: int) -> None:
        # Personal fields are sealed, which SQL cannot do: rows draw them from pools sealed
        # here once (a few thousand distinct people, each sealed separately).
        rng = random.Random(self.seed)
        sur, given, patr, sur_l, given_l, patr_l = _full_names()
        cyrillic, latin, index = [], [], []
        for _ in range(NAME_POOL):
            i, j, k = (rng.randrange(len(w)) for w in (sur, given, patr))
            cyr = f"{sur[i]} {given[j]} {patr[k]}"
            lat = f"{sur_l[i]} {given_l[j]} {patr_l[k]}"
            cyrillic.append(_sealed(Application, "name_cyrillic", cyr))
            latin.append(_sealed(Application, "name_latin", lat))
            index.append(index_value(cyr, lat))
        births = [
            _sealed(
                Application, "birth_date", str(date(1965, 1, 1) + timedelta(rng.randrange(14000)))
            )
            for _ in range(NAME_POOL)
        ]
        numbers = [
            _sealed(
                Application,
                "service_number",
                f"{rng.choice('АБВГДЕЖИКЛМН')}-{rng.randrange(1_000_000):06d}",
            )
            for _ in range(NAME_POOL)
        ]
        params: list[object] = [cyrillic, latin, index, births, numbers]
        status = self.weighted([("pow", 0.6), ("soldier", 0.3), ("civilian", 0.1)])
        language = self.weighted([("ru", 0.85), ("uk", 0.1), ("en", 0.05)])
        sites = [
            _sealed(Application, "detention_site", f"{oblast} detention site No. {k}")
            for oblast, _, _ in DETENTION_OBLASTS[:6]
            for k in (1, 2, 3)
        ]
        consent = " ".join(
            f"WHEN '{lang}' THEN {_quote(_sealed(Application, 'consent_text', text))}"
            for lang, text in CONSENT.items()
        )
        statement = _sealed(
            Application,
            "statement",
            "Хочу перейти на сторону Украины и служить в её вооружённых силах.",
        )
        places = [_sealed(Application, "place_of_birth", p[0]) for p in BIRTHPLACES]
        units = [_sealed(Application, "unit", u[1]) for u in UNITS]
        ranks = [_sealed(Application, "rank", r[0]) for r in RANKS]
        specialties = [_sealed(Application, "specialty", s[0]) for s in SPECIALTIES]
        citizenship = _sealed(Application, "citizenship", "Российская Федерация")
        sealed_status = " ".join(
            f"WHEN '{code}' THEN {_quote(_sealed(Application, 'applicant_status', code))}"
            for code in ("pow", "soldier", "civilian")
        )
        status_index = " ".join(
            f"WHEN '{code}' THEN '{blind_value(code, 'applicant_status')}'"
            for code in ("pow", "soldier", "civilian")
        )
        self.step(
            "applications",
            f"""
            INSERT INTO intake_application (
                id, channel, source, external_id, source_line, name_cyrillic, name_latin,
                name_index, birth_date, place_of_birth, citizenship, applicant_status,
                status_index, detention_site, rank, unit, service_number, specialty, contact,
                statement,
                language, consent_text, consent_language, consent_at, scan, receipt_digest,
                submitted_at, created_at, updated_at, withdrawn_at, version, entered_by_id,
                import_batch_id, identity_id, place_index)
            SELECT {app_base} + a.i, 'import', '{SOURCE}', 'gen-' || ({line_base} + a.i),
                   {line_base} + a.i, (%s::text[])[1 + a.person], (%s::text[])[1 + a.person],
                   (%s::text[])[1 + a.person], (%s::text[])[1 + a.person],
                   a.place_of_birth, {_quote(citizenship)}, CASE a.status {sealed_status} END,
                   CASE a.status {status_index} END,
                   CASE WHEN a.status = 'pow' THEN a.site ELSE '' END, a.rank, a.unit,
                   (%s::text[])[1 + a.person], a.specialty, '', {_quote(statement)}, a.language,
                   CASE a.language {consent} END, a.language, a.submitted_at, '', NULL,
                   a.submitted_at, a.submitted_at, a.submitted_at,
                   CASE WHEN a.stage = 'withdrawn' THEN a.stage_since END, 1, NULL, NULL, NULL,
                   ''
            FROM (
                SELECT g.i, g.stage, g.stage_since,
                       floor({self.u()} * {NAME_POOL})::int AS person,
                       {self.pick(places)} AS place_of_birth,
                       {status} AS status, {self.pick(sites)} AS site,
                       {self.pick(ranks)} AS rank,
                       {self.pick(units)} AS unit,
                       {self.pick(specialties)} AS specialty,
                       {language} AS language,
                       g.stage_since - g.reached * g.opened_share * interval '30 days'
                           - interval '2 days' AS submitted_at
                FROM gen_cases g
            ) AS a
            """,
            params,
        )

    def cases(self, app_base: int, case_base: int) -> None:
        before_hold = " ".join(f"WHEN {i} THEN '{s.value}'" for i, s in enumerate(MAIN_PATH))
        self.step(
            "cases",
            f"""
            INSERT INTO cases_case (id, application_id, stage, stage_since, opened_at,
                                    stage_before_hold, hold_until, version)
            SELECT {case_base} + g.i, {app_base} + g.i, g.stage, g.stage_since,
                   g.stage_since - g.reached * g.opened_share * interval '30 days',
                   CASE WHEN g.stage = 'on_hold' THEN CASE g.reached {before_hold} END
                        ELSE '' END,
                   CASE WHEN g.stage = 'on_hold' THEN (g.stage_since + interval '60 days')::date
                   END,
                   1 + g.reached
            FROM gen_cases g
            """,
        )

    def claims(self, case_base: int) -> None:
        kinds = list(CLAIMS)
        how_many = f"2 + floor({self.u()} * 3)::int"
        self.step(
            "claims",
            f"""
            INSERT INTO cases_claim (case_id, kind, statement)
            SELECT {case_base} + g.i, (%s::text[])[k], (%s::text[])[k]
            FROM gen_cases g CROSS JOIN generate_series(1, 4) AS k
            WHERE k <= {how_many}
            ORDER BY g.i, k
            """,
            [[k.value for k in kinds], [_sealed(Claim, "statement", CLAIMS[k]) for k in kinds]],
        )

    def _assessment(self) -> str:
        return self.weighted([("positive", 0.7), ("mixed", 0.2), ("negative", 0.1)])

    def interviews(self, case_base: int) -> None:
        """Every case that reached the interview stage has one; past it, it is recorded."""
        interviewers = [u.pk for u in self.staff["interviewer"]]
        places = [_sealed(Interview, "place", f"Detention site No. {k}") for k in range(1, 9)]
        recorded = f"(g.reached > 2 OR {self.u()} < 0.4)"
        self.step(
            "interviews",
            f"""
            INSERT INTO cases_interview (case_id, scheduled_for, place, interviewer_id,
                motivation, consistency, fitness, notes, recorded_at, superseded_by_id)
            SELECT x.case_id, x.at, x.place, x.interviewer,
                   CASE WHEN x.recorded THEN x.motivation ELSE '' END,
                   CASE WHEN x.recorded THEN x.consistency ELSE '' END,
                   CASE WHEN x.recorded THEN x.fitness ELSE '' END,
                   CASE WHEN x.recorded THEN {_quote(_sealed(Interview, "notes", INTERVIEW_NOTE))}
                        ELSE '' END,
                   CASE WHEN x.recorded THEN x.at + interval '2 hours' END, NULL
            FROM (
                SELECT {case_base} + g.i AS case_id, {recorded} AS recorded,
                       CASE WHEN g.reached = 2 THEN g.stage_since + interval '3 days'
                            ELSE g.stage_since - interval '20 days' END AS at,
                       {self.pick(places)} AS place,
                       {self.pick(interviewers)} AS interviewer,
                       {self._assessment()} AS motivation, {self._assessment()} AS consistency,
                       {self._assessment()} AS fitness
                FROM gen_cases g WHERE g.reached >= 2
            ) AS x
            """,
        )

    def checks(self, case_base: int) -> None:
        """Past the checks stage both services' checks are in; at it, some of them."""
        officers = {
            Service.SECURITY: [u.pk for u in self.staff["security"]],
            Service.COUNTERINTELLIGENCE: [u.pk for u in self.staff["counterintelligence"]],
        }
        result = self.weighted(
            [
                (CheckResult.CLEAR.value, 0.85),
                (CheckResult.CONCERN.value, 0.12),
                (CheckResult.REFUSE.value, 0.03),
            ]
        )
        present = self.u()
        self.step(
            "background checks",
            f"""
            INSERT INTO cases_backgroundcheck (case_id, service, officer_id, findings, result,
                                               recorded_at, superseded_by_id)
            SELECT {case_base} + g.i, s.service,
                   CASE s.service WHEN 'security' THEN {self.pick(officers[Service.SECURITY])}
                        ELSE {self.pick(officers[Service.COUNTERINTELLIGENCE])} END,
                   {_quote(_sealed(BackgroundCheck, "findings", FINDINGS))}, {result},
                   CASE WHEN g.reached = 3 THEN g.stage_since + interval '5 days'
                        ELSE g.stage_since - interval '10 days' END, NULL
            FROM gen_cases g CROSS JOIN (VALUES ('security', 0.6), ('counterintelligence', 0.45))
                AS s(service, share)
            WHERE g.reached > 3 OR (g.reached = 3 AND {present} < s.share)
            ORDER BY g.i, s.service
            """,
        )

    def polygraph(self, case_base: int) -> None:
        """Two sessions by two different examiners; at the polygraph stage some still open."""
        examiners = [u.pk for u in self.staff["examiner"]]
        count = len(examiners)
        result = self.weighted(
            [
                (PolygraphResult.NO_DECEPTION.value, 0.8),
                (PolygraphResult.INCONCLUSIVE.value, 0.12),
                (PolygraphResult.DECEPTION.value, 0.08),
            ]
        )
        assigned = self.u()
        done = self.u("(g.i * 2 + s.number)")
        first = f"mod(g.i, {count})"
        other = f"mod({first} + 1 + mod(g.i / {count}, {count - 1}), {count})"
        self.step(
            "polygraph sessions",
            f"""
            INSERT INTO cases_polygraphsession (case_id, number, examiner_id, scheduled_for,
                result, notes, recorded_at, superseded_by_id)
            SELECT x.case_id, x.number, (%s::int[])[1 + x.examiner], x.at,
                   CASE WHEN x.recorded THEN x.result ELSE '' END, '',
                   CASE WHEN x.recorded THEN x.at + interval '3 hours' END, NULL
            FROM (
                SELECT {case_base} + g.i AS case_id, s.number,
                       CASE s.number WHEN 1 THEN {first} ELSE {other} END AS examiner,
                       CASE WHEN g.reached = 4 THEN g.stage_since + s.number * interval '4 days'
                            ELSE g.stage_since - s.number * interval '4 days' END AS at,
                       (g.reached > 4 OR {done} < 0.5) AS recorded, {result} AS result
                FROM gen_cases g CROSS JOIN (VALUES (1), (2)) AS s(number)
                WHERE g.reached > 4 OR (g.reached = 4 AND {assigned} < 0.8)
                ORDER BY g.i, s.number
            ) AS x
            """,
            [examiners],
        )

    def stage_changes(self, case_base: int) -> None:
        """Each case's moves along the main path, evenly spread from its application's arrival
        to its current stage; a case that left the path makes one move more, out of it. Each
        move is made by an officer of the role whose queue the case left."""
        path = [s.value for s in MAIN_PATH]
        by_stage = {
            Stage.RECEIVED: "clerk",
            Stage.TRIAGE: "clerk",
            Stage.INTERVIEW: "interviewer",
            Stage.BACKGROUND_CHECKS: "security",
            Stage.POLYGRAPH: "examiner",
            Stage.COMMANDER_DECISION: "commander",
        }
        actor = " ".join(
            f"WHEN '{stage.value}' THEN {self.pick([u.pk for u in self.staff[kind]], 'x.k')}"
            for stage, kind in by_stage.items()
        )
        on_path = ", ".join(f"'{s}'" for s in path)
        transition = " ".join(
            f"WHEN '{s.value}' THEN '{way_into(s).name}'"
            for s in (*MAIN_PATH[1:], Stage.REJECTED, Stage.WITHDRAWN, Stage.ON_HOLD)
        )
        self.step(
            "stage changes",
            f"""
            INSERT INTO cases_stagechange (case_id, from_stage, to_stage, transition, actor_id,
                                           at, entered_at, reason)
            SELECT x.case_id, x.from_stage, x.to_stage, CASE x.to_stage {transition} END,
                   CASE x.from_stage {actor} END,
                   x.start + (x.stage_since - x.start) * x.k / x.n,
                   x.start + (x.stage_since - x.start) * (x.k - 1) / x.n, ''
            FROM (
                SELECT {case_base} + g.i AS case_id, k.k, c.n, g.stage_since,
                       g.stage_since - g.reached * g.opened_share * interval '30 days'
                           - interval '2 days' AS start,
                       (%s::text[])[k.k] AS from_stage,
                       CASE WHEN k.k <= g.reached THEN (%s::text[])[k.k + 1] ELSE g.stage END
                           AS to_stage
                FROM gen_cases g
                CROSS JOIN LATERAL (SELECT g.reached
                    + CASE WHEN g.stage IN ({on_path}) THEN 0 ELSE 1 END AS n) AS c
                CROSS JOIN LATERAL generate_series(1, c.n) AS k(k)
                ORDER BY g.i, k.k
            ) AS x
            """,
            [path, path],
        )


def _sealed(model: Any, field: str, value: str) -> str:
    """A value as the sealed field stores it (the field itself seals it)."""
    return str(model._meta.get_field(field).get_db_prep_value(value, connection))


def _quote(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
