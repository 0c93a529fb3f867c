"""A vetting team and a way to take a case to any stage through the real actions."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from vetting.accounts.roles import Role
from vetting.accounts.tests.factories import make_staff
from vetting.audit.actions import Actor
from vetting.cases import actions
from vetting.cases.models import Case, Outcome, Service
from vetting.cases.workflow import Stage
from vetting.intake.tests.factories import make_application


@dataclass
class Team:
    clerk: Any
    interviewer: Any
    security: Any
    counterintel: Any
    examiner1: Any
    examiner2: Any
    commander1: Any
    commander2: Any
    auditor: Any

    @classmethod
    def create(cls) -> "Team":
        return cls(
            clerk=make_staff(Role.INTAKE_CLERK, "t-clerk"),
            interviewer=make_staff(Role.INTERVIEWER, "t-interviewer"),
            security=make_staff(Role.SECURITY_OFFICER, "t-security"),
            counterintel=make_staff(Role.COUNTERINTELLIGENCE_OFFICER, "t-counterintel"),
            examiner1=make_staff(Role.POLYGRAPH_EXAMINER, "t-examiner1"),
            examiner2=make_staff(Role.POLYGRAPH_EXAMINER, "t-examiner2"),
            commander1=make_staff(Role.COMMANDER, "t-commander1"),
            commander2=make_staff(Role.COMMANDER, "t-commander2"),
            auditor=make_staff(Role.AUDITOR, "t-auditor"),
        )


def as_(user: Any) -> Actor:
    return Actor(user=user, origin="test")


def new_case(**application_fields: Any) -> Case:
    application, _ = make_application(**application_fields)
    return Case.objects.get(application=application)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def advance(case: Case, team: Team, to: Stage) -> Case:
    """Take a case along the main path until it reaches `to`, recording what each stage needs."""
    order = [
        Stage.RECEIVED,
        Stage.TRIAGE,
        Stage.INTERVIEW,
        Stage.BACKGROUND_CHECKS,
        Stage.POLYGRAPH,
        Stage.COMMANDER_DECISION,
        Stage.ACCEPTED,
    ]
    while order.index(Stage(fresh(case).stage)) < order.index(to):
        case = fresh(case)
        stage = Stage(case.stage)
        if stage == Stage.RECEIVED:
            actions.move(case, "start_triage", actor=as_(team.clerk), expected_version=case.version)
        elif stage == Stage.TRIAGE:
            actions.schedule_interview(
                case,
                scheduled_for=timezone.now() + timedelta(days=1),
                place="Detention site No. 1",
                interviewer=team.interviewer,
                actor=as_(team.clerk),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.move(case, "to_interview", actor=as_(team.clerk), expected_version=case.version)
        elif stage == Stage.INTERVIEW:
            interview = case.interviews.get()
            actions.record_interview(
                interview,
                motivation="positive",
                consistency="positive",
                fitness="positive",
                notes="Calm, consistent account of capture near Robotyne.",
                actor=as_(team.interviewer),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.move(
                case, "to_checks", actor=as_(team.interviewer), expected_version=case.version
            )
        elif stage == Stage.BACKGROUND_CHECKS:
            for service, officer in (
                (Service.SECURITY, team.security),
                (Service.COUNTERINTELLIGENCE, team.counterintel),
            ):
                case = fresh(case)
                actions.record_check(
                    case,
                    service=service,
                    findings=f"{service.label}: no adverse records.",
                    result="clear",
                    actor=as_(officer),
                    expected_version=case.version,
                )
            case = fresh(case)
            actions.move(
                case, "to_polygraph", actor=as_(team.security), expected_version=case.version
            )
        elif stage == Stage.POLYGRAPH:
            for number, examiner in ((1, team.examiner1), (2, team.examiner2)):
                case = fresh(case)
                session = actions.assign_polygraph(
                    case,
                    number=number,
                    examiner=examiner,
                    scheduled_for=None,
                    actor=as_(team.security),
                    expected_version=case.version,
                )
                case = fresh(case)
                actions.record_polygraph(
                    session,
                    result="no_deception",
                    notes="",
                    actor=as_(examiner),
                    expected_version=case.version,
                )
            case = fresh(case)
            actions.move(
                case, "to_decision", actor=as_(team.examiner1), expected_version=case.version
            )
        elif stage == Stage.COMMANDER_DECISION:
            decision = actions.decide(
                case,
                outcome=Outcome.ACCEPT,
                reason_code="",
                note="Consistent, verified, motivated.",
                actor=as_(team.commander1),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.approve(decision, actor=as_(team.commander2), expected_version=case.version)
    return fresh(case)
