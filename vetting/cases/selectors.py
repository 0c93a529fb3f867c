"""Reading cases through one restriction per role (need to know). Every page, queue and
export starts from `cases_for(user)`; each compartment of a case has its own reader."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetting.cases import triage
from vetting.cases.models import (
    BackgroundCheck,
    Case,
    CheckResult,
    ClaimStatus,
    Decision,
    Interview,
    PolygraphSession,
    Service,
)
from vetting.intake.selectors import text_filter
from vetting.policy import workflow
from vetting.policy.access import NotVisible
from vetting.policy.authority import open_to
from vetting.policy.blind import is_party, sees_others
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import SERVICE_ROLE, Stage
from vetting.screening import selectors as screening
from vetting.screening.models import Mention, MentionMatch, TextKind, TextReading

CASE_ROLES = frozenset(
    {
        Role.INTAKE_CLERK,
        Role.INTERVIEWER,
        Role.SECURITY_OFFICER,
        Role.COUNTERINTELLIGENCE_OFFICER,
        Role.POLYGRAPH_EXAMINER,
        Role.COMMANDER,
        Role.AUDITOR,
    }
)
# Who reads which service's raw check (findings, evidence, claim notes).
CHECK_READERS = {
    Service.SECURITY: frozenset({Role.SECURITY_OFFICER, Role.AUDITOR}),
    Service.COUNTERINTELLIGENCE: frozenset({Role.COUNTERINTELLIGENCE_OFFICER, Role.AUDITOR}),
}
# Who sees the outcome of the checks (result only): the services themselves, the commander.
CHECK_SUMMARY_READERS = frozenset(
    {Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER, Role.COMMANDER, Role.AUDITOR}
)
INTERVIEW_READERS = frozenset(
    {
        Role.INTERVIEWER,
        Role.SECURITY_OFFICER,
        Role.COUNTERINTELLIGENCE_OFFICER,
        Role.COMMANDER,
        Role.AUDITOR,
    }
)
POLYGRAPH_RESULT_READERS = frozenset({Role.COMMANDER, Role.AUDITOR})


def cases_for(user: Any) -> QuerySet[Case]:
    """Every case this user may open. Examiners only see cases with a session of theirs."""
    roles = roles_of(user)
    if not roles & CASE_ROLES:
        return Case.objects.none()
    cases = Case.objects.select_related("application")
    if roles & CASE_ROLES == {Role.POLYGRAPH_EXAMINER}:
        mine = PolygraphSession.objects.filter(examiner=user).values("case_id")
        cases = cases.filter(pk__in=mine)
    return cases


def case_for(user: Any, pk: int) -> Case:
    """One case, or 404 alike for a case that does not exist and one the user may not see."""
    try:
        return cases_for(user).get(pk=pk)
    except Case.DoesNotExist:
        raise NotVisible(Case, pk) from None


def queue_stages(user: Any) -> frozenset[Stage]:
    """The stages whose cases wait for this user's roles."""
    stages: set[Stage] = set()
    for role in roles_of(user):
        stages |= workflow.QUEUES.get(role, frozenset())
    return frozenset(stages)


# Where field visits go soon ({place digest: days until the visit, 0 while under way}), which
# the triage ranking rewards. The selection app, which plans the visits, registers its
# calendar in its AppConfig.ready, so cases rank by visits without importing the app above.
VisitCalendar = Callable[[date], Mapping[str, int]]
VISIT_CALENDARS: list[VisitCalendar] = []


def on_visit_calendar(calendar: VisitCalendar) -> VisitCalendar:
    """Let the triage ranking read `calendar(today)` (once each)."""
    if calendar not in VISIT_CALENDARS:
        VISIT_CALENDARS.append(calendar)
    return calendar


def visits_soon(today: date) -> dict[str, int]:
    """{place digest: days until its next visit} from every registered calendar."""
    soonest: dict[str, int] = {}
    for calendar in VISIT_CALENDARS:
        for site, days in calendar(today).items():
            soonest[site] = min(days, soonest.get(site, days))
    return soonest


def queue_for(user: Any, stage: str = "", *, by_triage: bool = False) -> QuerySet[Case]:
    """The cases waiting for this user, oldest first, or the most worth their time first
    (triage score: complete, corroborable, a visit to their site soon, long waiting)."""
    stages = queue_stages(user)
    if stage:
        stages = stages & {stage}
    # The triage explanation names each application's site from the list.
    cases = cases_for(user).filter(stage__in=stages).select_related("application")
    if by_triage:
        now = timezone.now()
        score = triage.score_expression("application__", visits_soon(timezone.localdate(now)), now)
        held = ExpressionWrapper(screening.held_by_screening(), output_field=BooleanField())
        # A case with a watchlist hit open or confirmed comes after all others, flagged.
        return cases.annotate(triage_score=score, screening_hold=held).order_by(
            "screening_hold", "-triage_score", "stage_since", "pk"
        )
    return cases.order_by("stage_since", "pk")


def unread_case_texts(read: QuerySet[TextReading]) -> set[int]:
    """Screening's text source: the applications whose case has current interview notes or a
    current check's findings that were not read for the people they name."""
    current = Q(superseded_by__isnull=True, recorded_at__isnull=False)
    done = read.values_list("source_id", flat=True)
    notes = (
        Interview.objects.filter(current)
        .exclude(notes="")
        .exclude(pk__in=done.filter(kind=TextKind.INTERVIEW))
        .values_list("case__application_id", flat=True)
    )
    findings = (
        BackgroundCheck.objects.filter(current)
        .exclude(findings="")
        .exclude(pk__in=done.filter(kind=TextKind.CHECK))
        .values_list("case__application_id", flat=True)
    )
    return set(notes) | set(findings)


def held_case_ids(case_ids: list[int]) -> set[int]:
    """Of these cases, those a watchlist hit waits on or a confirmed match holds."""
    held = Case.objects.filter(Q(pk__in=case_ids) & screening.held_by_screening())
    return set(held.values_list("pk", flat=True))


def explained(cases: Iterable[Case], now: datetime | None = None) -> list[tuple[Case, Any]]:
    """Each case with its triage (score and reasons), for a page of a queue or a plan."""
    now = now or timezone.now()
    visits = visits_soon(timezone.localdate(now))
    rows = list(cases)
    held = held_case_ids([c.pk for c in rows])
    return [
        (c, triage.triage(triage.facts_of(c.application, visits, now, c.pk in held))) for c in rows
    ]


CASE_REFERENCE = re.compile(r"^\s*C-?0*(\d{1,12})\s*$", re.IGNORECASE)


def search_queue(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Narrow a queue to a case reference (C-0000012), an application reference or number,
    or the applicant's name words."""
    if match := CASE_REFERENCE.match(text):
        return cases.filter(pk=int(match.group(1)))
    return cases.filter(text_filter(text, "application__"))


def transitions_for(user: Any, case: Case) -> list[workflow.Transition]:
    """The declared moves this user's roles may make from the case's stage."""
    roles = roles_of(user)
    return [t for t in workflow.transitions_from(Stage(case.stage)) if t.roles & roles]


# The steps recorded on a case without moving it (each a declared action).
CASE_STEPS = (
    "schedule_interview",
    "record_interview",
    "record_check",
    "assess_claim",
    "assign_polygraph",
    "record_polygraph",
    "decide",
    "approve",
)


def steps_for(user: Any, case: Case) -> set[str]:
    """The steps the policy opens to this user's roles at the case's stage (the forms a case
    page offers; each action still checks its object)."""
    return {step for step in CASE_STEPS if open_to(user, f"cases.{step}", case.stage)}


def interviews_visible(user: Any, case: Case) -> QuerySet[Interview]:
    if not roles_of(user) & INTERVIEW_READERS:
        return Interview.objects.none()
    return case.interviews.filter(superseded_by__isnull=True).select_related("interviewer")


def checks_visible(user: Any, case: Case) -> QuerySet[BackgroundCheck]:
    """The raw checks (findings, evidence) of the services whose compartment the user is in."""
    roles = roles_of(user)
    services = [s for s, readers in CHECK_READERS.items() if roles & readers]
    return (
        case.checks.filter(service__in=services, superseded_by__isnull=True)
        .select_related("officer")
        .prefetch_related("evidence")
    )


@dataclass(frozen=True)
class CheckSummary:
    service: Service
    result: str  # "" while not recorded, or while hidden from this reader
    recorded: bool
    hidden: bool = False  # recorded, but blind to this reader until their own is in

    @property
    def result_label(self) -> str:
        """The result in the reader's language ("" while not shown)."""
        return str(CheckResult(self.result).label) if self.result else ""


def services_shown(user: Any, case: Case) -> set[Service]:
    """The services whose results and claim marks this user may read on the case: both,
    except for an officer of one service before their service has recorded its own check
    (the blind rule `background_checks` in vetting.policy.blind)."""
    if not is_party(user, "background_checks"):
        return set(Service)
    own = {s for s in Service if SERVICE_ROLE[s] in roles_of(user)}
    recorded = case.checks.filter(
        service__in=own, recorded_at__isnull=False, superseded_by__isnull=True
    ).exists()
    return set(Service) if sees_others(user, "background_checks", recorded) else own


def check_summaries(user: Any, case: Case) -> list[CheckSummary]:
    """Each service's result without its file: what the commander sees."""
    if not roles_of(user) & CHECK_SUMMARY_READERS:
        return []
    current = {
        c.service: c
        for c in case.checks.filter(superseded_by__isnull=True).only(
            "service", "result", "recorded_at"
        )
    }
    shown = services_shown(user, case)
    return [
        CheckSummary(s, current[s].result, True)
        if s in current and s in shown
        else CheckSummary(s, "", s in current, hidden=s in current)
        for s in Service
    ]


@dataclass(frozen=True)
class ClaimRow:
    pk: int
    kind: str
    statement: str
    status: str  # combined: contradicted > corroborated > unverified
    # (service, status, evidence note) the user may read; service and status in their language
    notes: list[tuple[str, str, str]]


def claims_view(user: Any, case: Case) -> list[ClaimRow]:
    """Each claim and whether it is verified; evidence notes only from the user's services."""
    roles = roles_of(user)
    readable = {s for s, readers in CHECK_READERS.items() if roles & readers}
    shown = services_shown(user, case)
    rows = []
    for claim in case.claims.prefetch_related("assessments"):
        latest: dict[str, Any] = {}
        for a in claim.assessments.all():
            if a.service in shown:
                latest[a.service] = a
        statuses = {a.status for a in latest.values()}
        if ClaimStatus.CONTRADICTED in statuses:
            status = ClaimStatus.CONTRADICTED
        elif ClaimStatus.CORROBORATED in statuses:
            status = ClaimStatus.CORROBORATED
        else:
            status = ClaimStatus.UNVERIFIED
        notes = [
            (str(Service(s).label), str(ClaimStatus(a.status).label), a.evidence_note)
            for s, a in latest.items()
            if s in readable
        ]
        rows.append(ClaimRow(claim.pk, claim.get_kind_display(), claim.statement, status, notes))
    return rows


@dataclass(frozen=True)
class SessionView:
    session: PolygraphSession
    result_visible: bool
    mine: bool
    # An examiner who reads the other result once their own is recorded (the blind rule);
    # anyone else who may not read it never will (the services: it is the commander's).
    after_own: bool = False


def polygraph_view(user: Any, case: Case) -> list[SessionView]:
    """The sessions; an examiner sees the other session's result only after recording their own."""
    roles = roles_of(user)
    sessions = list(
        case.polygraph_sessions.filter(superseded_by__isnull=True).select_related("examiner")
    )
    if not roles & (
        POLYGRAPH_RESULT_READERS
        | {Role.POLYGRAPH_EXAMINER, Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER}
    ):
        return []
    own_recorded = any(s.examiner_id == user.pk and s.recorded_at for s in sessions)
    others = sees_others(user, "polygraph", own_recorded)
    party = is_party(user, "polygraph")
    views = []
    for s in sessions:
        mine = s.examiner_id == user.pk
        visible = bool(roles & POLYGRAPH_RESULT_READERS) or mine or others
        views.append(SessionView(s, visible and s.recorded_at is not None, mine, party))
    return views


def decisions_for(user: Any, case: Case) -> QuerySet[Decision]:
    if not roles_of(user) & {Role.COMMANDER, Role.AUDITOR}:
        return Decision.objects.none()
    return case.decisions.select_related("decided_by", "approved_by", "refused_by")


def pending_acceptance(case: Case) -> Decision | None:
    return case.decisions.filter(
        outcome="accept", approved_by__isnull=True, refused_by__isnull=True
    ).first()


# Who sees on a case what screening found: the services and the auditor in full, the
# commander as "confirmed match on <list>, confirmed by <officer> on <date>".
SCREENING_READERS = frozenset(
    {Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER, Role.COMMANDER, Role.AUDITOR}
)


@dataclass(frozen=True)
class HoldRow:
    hold: Any  # screening.MatchHold
    summary: str  # the commander's words


@dataclass(frozen=True)
class ScreeningOnCase:
    holds: list[HoldRow]  # every hold, standing first
    open_hit: bool
    refusal: str  # why an acceptance is refused now, "" when it is not
    in_full: bool  # the services' and the auditor's view: hits, reasons, lifting
    # Accepted: a hold no longer stops an acceptance, it flags the volunteer's personnel file.
    on_volunteer: bool = False

    @property
    def standing(self) -> list[HoldRow]:
        return [row for row in self.holds if row.hold.standing]


def screening_on(user: Any, case: Case) -> ScreeningOnCase | None:
    """What watchlist screening found on the case's applicant, for those who may read it."""
    roles = roles_of(user)
    if not roles & SCREENING_READERS:
        return None
    holds = sorted(screening.match_holds(case), key=lambda h: (not h.standing, h.at))
    return ScreeningOnCase(
        holds=[HoldRow(h, screening.confirmed_match(h)) for h in holds],
        open_hit=screening.has_open_hit(case),
        refusal=screening.match_refusal(case) or "",
        in_full=bool(roles & (SCREENING_READERS - {Role.COMMANDER})),
        on_volunteer=case.stage == Stage.ACCEPTED,
    )


def personnel_file(user: Any, case: Case) -> Any:
    """The personnel file an accepted case made, for those who may open it: the personnel
    compartment, and the services once screening raised it; None for everyone else (a call
    sign beside the name anywhere else would undo the pseudonym)."""
    volunteer = getattr(case, "volunteer", None)  # the units app makes it on acceptance
    if volunteer is None:
        return None
    if user.has_perm("units.view_personnel") or screening.reads_raised_file(user, volunteer):
        return volunteer
    return None


@dataclass(frozen=True)
class SamePersonCase:
    """Another case of the same person, as far as the reader may see it."""

    case: Case
    outcome: str  # the decision's outcome, for readers of decisions; "" otherwise
    earlier: bool  # applied for before the case being read


@dataclass(frozen=True)
class SamePerson:
    cases: list[SamePersonCase]
    hidden: int  # linked cases this reader may not open


def same_person(user: Any, case: Case) -> SamePerson:
    """The cases of the other applications linked to the same person, each with its stage
    and (for those who read decisions) its outcome; only the cases this user may open."""
    identity = case.application.identity_id
    if identity is None:
        return SamePerson([], 0)
    linked = Case.objects.filter(application__identity_id=identity).exclude(pk=case.pk)
    visible = list(
        cases_for(user)
        .filter(pk__in=linked.values("pk"))
        .order_by("application__submitted_at", "pk")
    )
    outcomes: dict[int, str] = {}
    if roles_of(user) & {Role.COMMANDER, Role.AUDITOR}:
        for decision in Decision.objects.filter(case__in=visible).order_by("decided_at", "pk"):
            if decision.outcome == "accept" and decision.refused_by_id is not None:
                outcome = str(_("Acceptance refused by the second commander"))
            elif decision.outcome == "accept" and decision.approved_by_id is None:
                outcome = str(_("Acceptance waiting for a second commander"))
            else:
                outcome = str(decision.get_outcome_display())
            outcomes[decision.case_id] = outcome
    mine = (case.application.submitted_at, case.pk)
    rows = [
        SamePersonCase(c, outcomes.get(c.pk, ""), (c.application.submitted_at, c.pk) < mine)
        for c in visible
    ]
    return SamePerson(rows, linked.count() - len(rows))


def merge_targets(user: Any, case: Case) -> list[Case]:
    """The same person's earlier cases this one may be merged into (open or decided)."""
    return [
        row.case
        for row in same_person(user, case).cases
        if row.earlier and row.case.stage in workflow.LIVE_OR_DECIDED
    ]


# --- People named inside the texts: the two services alone ---


@dataclass(frozen=True)
class ListMatch:
    watchlist: str
    score: float
    explanation: str


@dataclass(frozen=True)
class NamedPerson:
    """A person a text of the case names, with what the worker linked them to."""

    mention: Any  # screening.Mention
    kind: str  # which text, in words
    before: str  # the sentence around the name
    after: str
    on_lists: list[ListMatch]
    named_by: list[Case]  # other cases whose texts name the same person, that the reader opens
    named_by_hidden: int  # other applications naming them whose case the reader may not open

    @property
    def named_by_count(self) -> int:
        return len(self.named_by) + self.named_by_hidden


def people_named(user: Any, case: Case) -> list[NamedPerson]:
    """The people the case's texts name, for the security service and counter-intelligence:
    the statement and interview notes for both, a check's findings for its own service only
    (in the case read and in the other applications counted)."""
    services = [s for s, role in SERVICE_ROLE.items() if role in roles_of(user)]
    if not services:
        return []

    def readable(prefix: str) -> Q:
        return Q(**{f"{prefix}reading__kind__in": [TextKind.STATEMENT, TextKind.INTERVIEW]}) | Q(
            **{f"{prefix}reading__kind": TextKind.CHECK, f"{prefix}reading__service__in": services}
        )

    mentions = list(
        Mention.objects.filter(readable(""), application_id=case.application_id).select_related(
            "reading"
        )
    )
    ids = {m.pk for m in mentions}
    lists: dict[int, list[ListMatch]] = {pk: [] for pk in ids}
    others: dict[int, set[int]] = {pk: set() for pk in ids}
    links = MentionMatch.objects.filter(Q(mention__in=ids) | Q(other__in=ids)).select_related(
        "watchlist"
    )
    counterpart_ok = set(
        Mention.objects.filter(
            readable(""),
            pk__in=[pk for link in links for pk in (link.mention_id, link.other_id) if pk],
        ).values_list("pk", "application_id")
    )
    application_of = dict(counterpart_ok)
    for link in links:
        if link.entry_id is not None and link.mention_id in ids:
            name = link.watchlist.name if link.watchlist else ""
            lists[link.mention_id].append(ListMatch(name, link.score, link.explanation))
        elif link.other_id is not None:
            mine, theirs = (
                (link.mention_id, link.other_id)
                if link.mention_id in ids
                else (link.other_id, link.mention_id)
            )
            if theirs in application_of and mine in others:
                others[mine].add(application_of[theirs])
    everyone = set().union(*others.values()) if others else set()
    visible = {c.application_id: c for c in cases_for(user).filter(application_id__in=everyone)}
    kinds = dict(TextKind.choices)
    rows = []
    for m in mentions:
        named_by = sorted((visible[a] for a in others[m.pk] if a in visible), key=lambda c: c.pk)
        rows.append(
            NamedPerson(
                mention=m,
                kind=str(kinds[m.reading.kind]),
                before=m.sentence[: m.start],
                after=m.sentence[m.end :],
                on_lists=sorted(lists[m.pk], key=lambda x: -x.score),
                named_by=named_by,
                named_by_hidden=len(others[m.pk]) - len(named_by),
            )
        )
    # Those on a list first, then those named by most applicants, then in the texts' order.
    rows.sort(key=lambda r: (not r.on_lists, -r.named_by_count))
    return rows


def may_read_people_named(user: Any) -> bool:
    """Whether the case page links to the people its texts name (the two services)."""
    return bool(user.has_perm("screening.view_mention"))
