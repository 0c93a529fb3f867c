"""The vetting workflow, declared once: stages, transitions, who may make each, and what must
be on record first. The policy (`vetting.policy.rules`), views, queues and tests read this
table; nothing else in the project decides what a stage allows."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting.audit.actors import Via
from vetting.policy.roles import Role


class CaseRecord(Protocol):
    """What the workflow reads of a case (`vetting.cases.models.Case`, an app above the
    policy): its records through their relations."""

    @property
    def interviews(self) -> Any: ...

    @property
    def checks(self) -> Any: ...

    @property
    def polygraph_sessions(self) -> Any: ...


class Stage(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGE = "triage", _("Triage")
    INTERVIEW = "interview", _("Interview")
    BACKGROUND_CHECKS = "checks", _("Background checks")
    POLYGRAPH = "polygraph", _("Polygraph")
    COMMANDER_DECISION = "decision", _("Commander decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ON_HOLD = "on_hold", _("On hold")
    # The same person's earlier case goes on; this one is closed into it, nothing deleted.
    MERGED = "merged", _("Merged into the same person's earlier case")


class Service(models.TextChoices):
    """The two services that check every applicant, each in its own compartment."""

    SECURITY = "security", _("Security service")
    COUNTERINTELLIGENCE = "counterintelligence", _("Counter-intelligence")


SERVICE_ROLE = {
    Service.SECURITY: Role.SECURITY_OFFICER,
    Service.COUNTERINTELLIGENCE: Role.COUNTERINTELLIGENCE_OFFICER,
}


# Stages a case can still be withdrawn from, put on hold from, or rejected from.
OPEN_STAGES = frozenset(
    {
        Stage.RECEIVED,
        Stage.TRIAGE,
        Stage.INTERVIEW,
        Stage.BACKGROUND_CHECKS,
        Stage.POLYGRAPH,
        Stage.COMMANDER_DECISION,
    }
)


StrOrPromise = str | Promise
Requirement = Callable[[CaseRecord], str | None]
"""A check on the record: None when met, else what is missing, in words."""


def interview_recorded(case: CaseRecord) -> str | None:
    if not case.interviews.filter(recorded_at__isnull=False, superseded_by__isnull=True).exists():
        return str(_("No interview has been recorded."))
    return None


def both_checks_in(case: CaseRecord) -> str | None:
    done = set(
        case.checks.filter(recorded_at__isnull=False, superseded_by__isnull=True).values_list(
            "service", flat=True
        )
    )
    missing = [str(s.label) for s in Service if s not in done]
    if missing:
        return str(_("Background checks still missing: %(services)s.")) % {
            "services": ", ".join(missing)
        }
    return None


def both_polygraphs_in(case: CaseRecord) -> str | None:
    done = case.polygraph_sessions.filter(
        recorded_at__isnull=False, superseded_by__isnull=True
    ).count()
    if done < 2:
        return str(_("Both polygraph sessions must be recorded (%(done)d of 2).")) % {"done": done}
    return None


@dataclass(frozen=True)
class Transition:
    """One move a case can make: from which stages, to which, by which roles (or which way in
    without an account), once what holds, and through which action."""

    name: str
    label: "StrOrPromise"
    sources: frozenset[Stage]
    target: Stage | None  # None: back to the stage the case was in before (resume from hold)
    roles: frozenset[Role]
    requires: tuple[Requirement, ...] = ()
    needs_reason: bool = False
    # The action that makes it: a plain move, or a decision, an approval, a withdrawal.
    by: str = "cases.move"
    via: frozenset[Via] = frozenset()


def _t(
    name: str,
    label: "StrOrPromise",
    sources: set[Stage] | frozenset[Stage],
    target: Stage | None,
    roles: set[Role],
    requires: tuple[Requirement, ...] = (),
    needs_reason: bool = False,
    by: str = "cases.move",
    via: frozenset[Via] = frozenset(),
) -> Transition:
    return Transition(
        name,
        label,
        frozenset(sources),
        target,
        frozenset(roles),
        requires,
        needs_reason,
        by,
        via,
    )


DECISION_REQUIREMENTS: tuple[Requirement, ...] = (
    interview_recorded,
    both_checks_in,
    both_polygraphs_in,
)
# Rejection at an earlier stage (e.g. a check found a refusal) is allowed to the commander.
REJECTABLE_STAGES = OPEN_STAGES | {Stage.ON_HOLD}
WITHDRAWABLE_STAGES = OPEN_STAGES | {Stage.ON_HOLD}
MERGEABLE_STAGES = OPEN_STAGES | {Stage.ON_HOLD}
# A case of the same person in one of these stages is vetted or being vetted: a newer
# application of theirs waits (on hold) to be merged into it rather than vetted in parallel.
LIVE_OR_DECIDED = OPEN_STAGES | {Stage.ON_HOLD, Stage.ACCEPTED, Stage.REJECTED}


TRANSITIONS: tuple[Transition, ...] = (
    _t("start_triage", _("Start triage"), {Stage.RECEIVED}, Stage.TRIAGE, {Role.INTAKE_CLERK}),
    _t(
        "to_interview", _("Send to interview"), {Stage.TRIAGE}, Stage.INTERVIEW, {Role.INTAKE_CLERK}
    ),
    _t(
        "to_checks",
        _("Send to background checks"),
        {Stage.INTERVIEW},
        Stage.BACKGROUND_CHECKS,
        {Role.INTERVIEWER},
        (interview_recorded,),
    ),
    _t(
        "to_polygraph",
        _("Send to polygraph"),
        {Stage.BACKGROUND_CHECKS},
        Stage.POLYGRAPH,
        {Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER},
        (both_checks_in,),
    ),
    _t(
        "to_decision",
        _("Send to the commander"),
        {Stage.POLYGRAPH},
        Stage.COMMANDER_DECISION,
        {Role.POLYGRAPH_EXAMINER},
        (interview_recorded, both_checks_in, both_polygraphs_in),
    ),
    _t(
        "put_on_hold",
        _("Put on hold"),
        OPEN_STAGES,
        Stage.ON_HOLD,
        {
            Role.INTAKE_CLERK,
            Role.INTERVIEWER,
            Role.SECURITY_OFFICER,
            Role.COUNTERINTELLIGENCE_OFFICER,
            Role.COMMANDER,
        },
        needs_reason=True,
    ),
    _t(
        "resume",
        _("Resume"),
        {Stage.ON_HOLD},
        None,
        {
            Role.INTAKE_CLERK,
            Role.INTERVIEWER,
            Role.SECURITY_OFFICER,
            Role.COUNTERINTELLIGENCE_OFFICER,
            Role.COMMANDER,
        },
        needs_reason=True,
    ),
    # Not plain moves: the commander's decision (an acceptance takes effect with a second
    # commander's approval) and the applicant's withdrawal go through their own actions.
    _t(
        "accept",
        _("Accept"),
        {Stage.COMMANDER_DECISION},
        Stage.ACCEPTED,
        {Role.COMMANDER},
        DECISION_REQUIREMENTS,
        needs_reason=True,
        by="cases.approve",
    ),
    # The second commander refuses an acceptance: the decision goes back to a commander.
    _t(
        "refuse_acceptance",
        _("Refuse the acceptance"),
        {Stage.COMMANDER_DECISION},
        Stage.COMMANDER_DECISION,
        {Role.COMMANDER},
        needs_reason=True,
        by="cases.refuse_acceptance",
    ),
    _t(
        "reject",
        _("Reject"),
        REJECTABLE_STAGES,
        Stage.REJECTED,
        {Role.COMMANDER},
        needs_reason=True,
        by="cases.decide",
    ),
    _t(
        "withdraw",
        _("Withdraw"),
        WITHDRAWABLE_STAGES,
        Stage.WITHDRAWN,
        set(),
        by="cases.withdraw",
        via=frozenset({Via.PUBLIC}),
    ),
    # A clerk closes a repeat application's case into the same person's earlier one.
    _t(
        "merge",
        _("Merge into the earlier case"),
        MERGEABLE_STAGES,
        Stage.MERGED,
        {Role.INTAKE_CLERK},
        needs_reason=True,
        by="cases.merge",
    ),
)


# What the applicant sees with their receipt code: never more than this.
PUBLIC_STATUS: dict[Stage, str] = {
    Stage.RECEIVED: "received",
    Stage.TRIAGE: "in review",
    Stage.INTERVIEW: "in review",
    Stage.BACKGROUND_CHECKS: "in review",
    Stage.POLYGRAPH: "in review",
    Stage.COMMANDER_DECISION: "in review",
    Stage.ON_HOLD: "in review",
    Stage.ACCEPTED: "decided",
    Stage.REJECTED: "decided",
    Stage.WITHDRAWN: "withdrawn",
    # The person's vetting goes on in their earlier case.
    Stage.MERGED: "in review",
}

# Which stages fill each role's queue. A role with no queue works from other pages.
QUEUES: dict[Role, frozenset[Stage]] = {
    Role.INTAKE_CLERK: frozenset({Stage.RECEIVED, Stage.TRIAGE}),
    Role.INTERVIEWER: frozenset({Stage.INTERVIEW}),
    Role.SECURITY_OFFICER: frozenset({Stage.BACKGROUND_CHECKS}),
    Role.COUNTERINTELLIGENCE_OFFICER: frozenset({Stage.BACKGROUND_CHECKS}),
    Role.POLYGRAPH_EXAMINER: frozenset({Stage.POLYGRAPH}),
    Role.COMMANDER: frozenset({Stage.COMMANDER_DECISION}),
}

BY_NAME = {t.name: t for t in TRANSITIONS}
# The moves made through their own actions (`cases.decide`, `cases.approve`, `cases.withdraw`).
ACCEPT = BY_NAME["accept"]
REJECT = BY_NAME["reject"]
WITHDRAW = BY_NAME["withdraw"]

# The way to acceptance, listed once: where a case stands, the demo's walk, the capacity
# forecast's steps, the field visit's candidates and the generated cases all read it.
MAIN_PATH = (
    Stage.RECEIVED,
    Stage.TRIAGE,
    Stage.INTERVIEW,
    Stage.BACKGROUND_CHECKS,
    Stage.POLYGRAPH,
    Stage.COMMANDER_DECISION,
    Stage.ACCEPTED,
)


@dataclass(frozen=True)
class PathStep:
    label: str
    state: str  # "done", "current", "todo" or "exit" (the case left the path here)


def progress(stage: Stage, stage_before_hold: str = "") -> list[PathStep]:
    """The main path with each stage marked; an exit (rejected, withdrawn, hold) is appended."""
    here = Stage(stage_before_hold) if stage == Stage.ON_HOLD and stage_before_hold else stage
    index = MAIN_PATH.index(here) if here in MAIN_PATH else -1
    steps = [
        PathStep(
            str(s.label),
            "done" if i < index else "current" if i == index and stage == here else "todo",
        )
        for i, s in enumerate(MAIN_PATH)
    ]
    if stage not in MAIN_PATH:
        steps.append(PathStep(str(stage.label), "exit"))
    return steps


def way_into(stage: Stage) -> Transition:
    """The declared transition that brings a case into `stage`: from the stage before it on the
    main path, or, for a stage off the path, the first declared into it."""
    into = [t for t in TRANSITIONS if t.target == stage]
    if stage in MAIN_PATH[1:]:
        before = MAIN_PATH[MAIN_PATH.index(stage) - 1]
        into = [t for t in into if before in t.sources] or into
    if not into:
        raise LookupError(f"no declared transition into {stage}")
    return into[0]


def transitions_from(stage: Stage) -> list[Transition]:
    """The plain moves (made with `cases.move`) out of a stage."""
    return [t for t in TRANSITIONS if stage in t.sources and t.by == "cases.move"]


def unmet(transition: Transition, case: CaseRecord) -> list[str]:
    """What is still missing before `transition` may be made, in words (empty: nothing)."""
    return [msg for check in transition.requires if (msg := check(case)) is not None]
