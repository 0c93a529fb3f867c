"""Volunteers through the real acceptance, a small tree of subdivisions, and training passed
through the real actions: what the units and training tests start from."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from vetting.accounts.tests.factories import make_staff
from vetting.audit.actions import Actor
from vetting.cases.tests.factories import Team, advance, as_, new_case
from vetting.policy.courses import CourseKind, ResultKind
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.training import actions as training
from vetting.training.models import Cohort
from vetting.units import actions
from vetting.units.models import Echelon, Subdivision, Volunteer

SYSTEM = Actor(origin="test")


def enlisted(team: Team, **application_fields: Any) -> Volunteer:
    """A volunteer made by accepting a fresh case through the whole workflow."""
    case = advance(new_case(**application_fields), team, Stage.ACCEPTED)
    return Volunteer.objects.get(case=case)


@dataclass
class Tree:
    battalion: Subdivision
    company: Subdivision
    platoon1: Subdivision
    platoon2: Subdivision

    @classmethod
    def create(cls) -> "Tree":
        battalion = actions.create_subdivision(
            "1st Battalion", Echelon.BATTALION, None, actor=SYSTEM
        )
        company = actions.create_subdivision(
            "2nd Company", Echelon.COMPANY, battalion, actor=SYSTEM
        )
        return cls(
            battalion,
            company,
            actions.create_subdivision("1st Platoon", Echelon.PLATOON, company, actor=SYSTEM),
            actions.create_subdivision("2nd Platoon", Echelon.PLATOON, company, actor=SYSTEM),
        )


@dataclass
class Staff:
    """The people after acceptance: training, personnel, instructors."""

    training_officer: Any
    personnel: Any
    personnel2: Any
    instructor: Any
    other_instructor: Any
    cohorts: dict[str, Cohort] = field(default_factory=dict)

    @classmethod
    def create(cls) -> "Staff":
        return cls(
            make_staff(Role.TRAINING_OFFICER, "t-training"),
            make_staff(Role.PERSONNEL_OFFICER, "t-personnel"),
            make_staff(Role.PERSONNEL_OFFICER, "t-personnel2"),
            make_staff(Role.TRAINING_INSTRUCTOR, "t-cohort-instructor"),
            make_staff(Role.TRAINING_INSTRUCTOR, "t-cohort-instructor2"),
        )

    def cohort(self, kind: CourseKind, instructor: Any = None, capacity: int = 20) -> Cohort:
        """A cohort of a new course of this kind, taught by `instructor` (default: ours)."""
        start = timezone.localdate()
        course = training.create_course(
            kind=kind,
            title=f"{kind.label} 1/2026",
            starts_on=start,
            ends_on=start + timedelta(days=20),
            capacity=capacity,
            actor=as_(self.training_officer),
        )
        return training.create_cohort(
            course,
            name="A",
            instructors=[instructor or self.instructor],
            actor=as_(self.training_officer),
        )

    def qualify(self, volunteer: Volunteer, kind: CourseKind) -> None:
        """Enrol the volunteer in a cohort of `kind` and record them qualified."""
        if kind not in self.cohorts:
            self.cohorts[kind] = self.cohort(kind)
        cohort = self.cohorts[kind]
        enrollment = training.enrol(cohort, volunteer, actor=as_(self.training_officer))
        # A session held today, attended: what "qualified" needs.
        session = cohort.sessions.first() or training.add_session(
            cohort, held_on=timezone.localdate(), topic="t", actor=as_(self.training_officer)
        )
        training.record_attendance(session, {enrollment.pk: True}, actor=as_(self.instructor))
        training.record_result(
            enrollment, result=ResultKind.QUALIFIED, note="", actor=as_(self.instructor)
        )
