"""A vetting team and a way to take a case to any stage through the real actions."""

from dataclasses import dataclass
from typing import Any

from vetting.accounts.tests.factories import make_staff
from vetting.cases import demo
from vetting.cases.demo import advance, as_, fresh
from vetting.cases.models import Case
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role

__all__ = ["Team", "advance", "as_", "fresh", "new_case"]


@dataclass
class Team(demo.Team):
    auditor: Any = None

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


def new_case(**application_fields: Any) -> Case:
    application, _ = make_application(**application_fields)
    return Case.objects.get(application=application)
