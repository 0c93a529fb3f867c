"""The vetting workflow, declared once: stages, transitions, who may make each, and what must
be on record first. Views, queues, permission checks and tests read this table; nothing else
in the project decides what a stage allows."""

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting.accounts.roles import Role

if TYPE_CHECKING:
    from vetting.cases.models import Case


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
Requirement = Callable[["Case"], str | None]
"""A check on the record: None when met, else what is missing, in words."""


def interview_recorded(case: "Case") -> str | None:
    if not case.interviews.filter(recorded_at__isnull=False, superseded_by__isnull=True).exists():
        return str(_("No interview has been recorded."))
    return None


def both_checks_in(case: "Case") -> str | None:
    done = set(
        case.checks.filter(recorded_at__isnull=False, superseded_by__isnull=True).values_list(
            "service", flat=True
        )
    )
    from vetting.cases.models import Service  # models import this module

    missing = [str(s.label) for s in Service if s not in done]
    if missing:
        return str(_("Background checks still missing: %(services)s.")) % {
            "services": ", ".join(missing)
        }
    return None


def both_polygraphs_in(case: "Case") -> str | None:
    done = case.polygraph_sessions.filter(
        recorded_at__isnull=False, superseded_by__isnull=True
    ).count()
    if done < 2:
        return str(_("Both polygraph sessions must be recorded (%(done)d of 2).")) % {"done": done}
    return None


@dataclass(frozen=True)
class Transition:
    """One move a case can make: from which stages, to which, by which roles, once what holds."""

    name: str
    label: "StrOrPromise"
    sources: frozenset[Stage]
    target: Stage | None  # None: back to the stage the case was in before (resume from hold)
    roles: frozenset[Role]
    requires: tuple[Requirement, ...] = ()
    needs_reason: bool = False


def _t(
    name: str,
    label: "StrOrPromise",
    sources: set[Stage] | frozenset[Stage],
    target: Stage | None,
    roles: set[Role],
    requires: tuple[Requirement, ...] = (),
    needs_reason: bool = False,
) -> Transition:
    return Transition(
        name, label, frozenset(sources), target, frozenset(roles), requires, needs_reason
    )


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
)
"""Accepting, rejecting and withdrawing are not plain moves: a decision (with its reason code
and, for acceptance, a second approver) and a withdrawal (by the applicant) go through their
own actions, which check the same stage sets below."""

DECISION_STAGES = frozenset({Stage.COMMANDER_DECISION})
DECISION_REQUIREMENTS: tuple[Requirement, ...] = (
    interview_recorded,
    both_checks_in,
    both_polygraphs_in,
)
# Rejection at an earlier stage (e.g. a check found a refusal) is allowed to the commander.
REJECTABLE_STAGES = OPEN_STAGES | {Stage.ON_HOLD}
WITHDRAWABLE_STAGES = OPEN_STAGES | {Stage.ON_HOLD}

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

# The way to acceptance, for showing where a case stands.
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


@dataclass(frozen=True)
class Step:
    """Work recorded on a case without moving it: at which stages, by which roles."""

    stages: frozenset[Stage]
    roles: frozenset[Role]


_SERVICES = frozenset({Role.SECURITY_OFFICER, Role.COUNTERINTELLIGENCE_OFFICER})
STEPS: dict[str, Step] = {
    "schedule_interview": Step(
        frozenset({Stage.TRIAGE, Stage.INTERVIEW}), frozenset({Role.INTAKE_CLERK, Role.INTERVIEWER})
    ),
    "record_interview": Step(frozenset({Stage.INTERVIEW}), frozenset({Role.INTERVIEWER})),
    "record_check": Step(frozenset({Stage.BACKGROUND_CHECKS}), _SERVICES),
    "assess_claim": Step(frozenset({Stage.BACKGROUND_CHECKS, Stage.POLYGRAPH}), _SERVICES),
    "assign_polygraph": Step(frozenset({Stage.POLYGRAPH}), _SERVICES),
    "record_polygraph": Step(frozenset({Stage.POLYGRAPH}), frozenset({Role.POLYGRAPH_EXAMINER})),
    "decide": Step(REJECTABLE_STAGES, frozenset({Role.COMMANDER})),
    "approve": Step(DECISION_STAGES, frozenset({Role.COMMANDER})),
}


def steps_allowed(roles: AbstractSet[Role], stage: Stage) -> set[str]:
    """The steps these roles may take on a case at this stage."""
    return {name for name, step in STEPS.items() if stage in step.stages and step.roles & roles}


def transitions_from(stage: Stage) -> list[Transition]:
    return [t for t in TRANSITIONS if stage in t.sources]


def unmet(transition: Transition, case: "Case") -> list[str]:
    """What is still missing before `transition` may be made, in words (empty: nothing)."""
    return [msg for check in transition.requires if (msg := check(case)) is not None]
