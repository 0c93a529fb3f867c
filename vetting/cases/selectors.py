"""Reading cases through one restriction per role (need to know). Every page, queue and
export starts from `cases_for(user)`; each compartment of a case has its own reader."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vetting.accounts.access import NotVisible
from vetting.accounts.roles import Role, roles_of
from vetting.cases.models import (
    BackgroundCheck,
    Case,
    ClaimStatus,
    Decision,
    Interview,
    PolygraphSession,
    Service,
)
from vetting.policy import workflow
from vetting.policy.authority import open_to
from vetting.policy.workflow import Stage

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


def queue_for(user: Any, stage: str = "", *, by_triage: bool = False) -> QuerySet[Case]:
    """The cases waiting for this user, oldest first, or the most worth their time first
    (triage score: complete, corroborable, a visit to their site soon, long waiting)."""
    stages = queue_stages(user)
    if stage:
        stages = stages & {stage}
    cases = cases_for(user).filter(stage__in=stages)
    if by_triage:
        from vetting.selection.selectors import upcoming_visits
        from vetting.selection.triage import score_expression

        now = timezone.now()
        score = score_expression("application__", upcoming_visits(timezone.localdate(now)), now)
        return cases.annotate(triage_score=score).order_by("-triage_score", "stage_since", "pk")
    return cases.order_by("stage_since", "pk")


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
    result: str  # "" while not recorded
    recorded: bool


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
    return [
        CheckSummary(s, current[s].result if s in current else "", s in current) for s in Service
    ]


@dataclass(frozen=True)
class ClaimRow:
    pk: int
    kind: str
    statement: str
    status: str  # combined: contradicted > corroborated > unverified
    notes: list[tuple[str, str, str]]  # (service, status, evidence note) the user may read


def claims_view(user: Any, case: Case) -> list[ClaimRow]:
    """Each claim and whether it is verified; evidence notes only from the user's services."""
    roles = roles_of(user)
    readable = {s for s, readers in CHECK_READERS.items() if roles & readers}
    rows = []
    for claim in case.claims.prefetch_related("assessments"):
        latest: dict[str, Any] = {}
        for a in claim.assessments.all():
            latest[a.service] = a
        statuses = {a.status for a in latest.values()}
        if ClaimStatus.CONTRADICTED in statuses:
            status = ClaimStatus.CONTRADICTED
        elif ClaimStatus.CORROBORATED in statuses:
            status = ClaimStatus.CORROBORATED
        else:
            status = ClaimStatus.UNVERIFIED
        notes = [(s, a.status, a.evidence_note) for s, a in latest.items() if s in readable]
        rows.append(ClaimRow(claim.pk, claim.get_kind_display(), claim.statement, status, notes))
    return rows


@dataclass(frozen=True)
class SessionView:
    session: PolygraphSession
    result_visible: bool
    mine: bool


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
    views = []
    for s in sessions:
        mine = s.examiner_id == user.pk
        visible = bool(roles & POLYGRAPH_RESULT_READERS) or mine or own_recorded
        views.append(SessionView(s, visible and s.recorded_at is not None, mine))
    return views


def decisions_for(user: Any, case: Case) -> QuerySet[Decision]:
    if not roles_of(user) & {Role.COMMANDER, Role.AUDITOR}:
        return Decision.objects.none()
    return case.decisions.select_related("decided_by", "approved_by")


def pending_acceptance(case: Case) -> Decision | None:
    return case.decisions.filter(outcome="accept", approved_by__isnull=True).first()
