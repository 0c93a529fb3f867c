"""Each rule of time (`vetting.policy.timing`), tried through the action an officer uses, with
the dates the issue found accepted: each refusal names its rule, and the step goes through
once the time has come (the clock is moved, never waited for)."""

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vetting.accounts.tests.factories import signed_in_client
from vetting.cases import actions as cases
from vetting.cases.models import Interview
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.places.tests.factories import site as place_of
from vetting.policy import timing
from vetting.policy.authority import NotAllowed
from vetting.policy.courses import CourseKind, ResultKind
from vetting.policy.workflow import Stage
from vetting.selection import actions as selection
from vetting.training import actions as training
from vetting.units import actions as units
from vetting.units import selectors as unit_selectors
from vetting.units.models import Status, Volunteer
from vetting.units.tests.factories import Staff, enlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.fixture
def staff() -> Staff:
    return Staff.create()


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _refused(rule: timing.TimeRule) -> Any:
    return pytest.raises(timing.Untimely, match=str(rule.title))


def _at_interview(team: Team, when: datetime) -> Interview:
    case = advance(new_case(), team, Stage.TRIAGE)
    return cases.schedule_interview(
        case,
        scheduled_for=when,
        place="Site",
        interviewer=team.interviewer,
        actor=as_(team.clerk),
        expected_version=case.version,
    )


def _findings(team: Team, interview: Interview) -> Interview:
    return cases.record_interview(
        interview,
        motivation="positive",
        consistency="positive",
        fitness="positive",
        notes="n",
        actor=as_(team.interviewer),
        expected_version=fresh(interview.case).version,
    )


# A result comes after its session.
def test_interview_findings_wait_for_the_interview(team: Team) -> None:
    interview = _at_interview(team, timezone.now() + timedelta(days=4))
    case = fresh(interview.case)
    cases.move(case, "to_interview", actor=as_(team.clerk), expected_version=case.version)
    with _refused(timing.RESULT_AFTER_SESSION):
        _findings(team, interview)
    assert Interview.objects.get(pk=interview.pk).recorded_at is None
    with time_machine.travel(interview.scheduled_for + timedelta(hours=1), tick=True):
        assert _findings(team, interview).recorded_at is not None


def test_a_polygraph_result_waits_for_its_session(team: Team) -> None:
    case = advance(new_case(), team, Stage.POLYGRAPH)
    case = fresh(case)
    session = cases.assign_polygraph(
        case,
        number=1,
        examiner=team.examiner1,
        scheduled_for=timezone.now() + timedelta(days=5),
        actor=as_(team.security),
        expected_version=case.version,
    )

    def record() -> object:
        return cases.record_polygraph(
            session,
            result="no_deception",
            notes="",
            actor=as_(team.examiner1),
            expected_version=fresh(case).version,
        )

    with _refused(timing.RESULT_AFTER_SESSION):
        record()
    with time_machine.travel(timezone.now() + timedelta(days=6), tick=True):
        record()


def _cohort_with(staff: Staff, volunteer: Volunteer, kind: CourseKind = CourseKind.ANTI_TANK):
    cohort = staff.cohort(kind)
    enrollment = training.enrol(cohort, volunteer, actor=as_(staff.training_officer))
    return cohort, enrollment


def test_attendance_waits_for_the_session(team: Team, staff: Staff) -> None:
    cohort, enrollment = _cohort_with(staff, enlisted(team))
    later = timezone.localdate() + timedelta(days=3)
    session = training.add_session(cohort, held_on=later, topic="NLAW", actor=as_(staff.instructor))
    with _refused(timing.RESULT_AFTER_SESSION):
        training.record_attendance(session, {enrollment.pk: True}, actor=as_(staff.instructor))
    assert not session.marks.exists()
    with time_machine.travel(_at(later), tick=True):
        training.record_attendance(session, {enrollment.pk: True}, actor=as_(staff.instructor))


def test_a_training_result_waits_for_a_held_session(team: Team, staff: Staff) -> None:
    cohort, enrollment = _cohort_with(staff, enlisted(team))
    later = timezone.localdate() + timedelta(days=3)
    training.add_session(cohort, held_on=later, topic="NLAW", actor=as_(staff.instructor))
    with _refused(timing.RESULT_AFTER_SESSION):
        training.record_result(
            enrollment, result=ResultKind.NOT_YET, note="slow", actor=as_(staff.instructor)
        )
    with time_machine.travel(_at(later), tick=True):
        training.record_result(
            enrollment, result=ResultKind.NOT_YET, note="slow", actor=as_(staff.instructor)
        )


# Nothing is scheduled in the past.
def test_an_interview_is_not_scheduled_in_the_past(team: Team) -> None:
    with _refused(timing.NOT_IN_THE_PAST):
        _at_interview(team, _at(date(2020, 1, 1)))
    assert not Interview.objects.exists()
    _at_interview(team, timezone.now() + timedelta(hours=2))


def test_a_polygraph_session_is_not_scheduled_in_the_past(team: Team) -> None:
    case = advance(new_case(), team, Stage.POLYGRAPH)

    def assign(when: datetime) -> object:
        return cases.assign_polygraph(
            fresh(case),
            number=1,
            examiner=team.examiner1,
            scheduled_for=when,
            actor=as_(team.security),
            expected_version=fresh(case).version,
        )

    with _refused(timing.NOT_IN_THE_PAST):
        assign(timezone.now() - timedelta(days=2))
    assign(timezone.now() + timedelta(days=2))


def test_a_training_session_is_not_planned_in_the_past(team: Team, staff: Staff) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=True):
        cohort = staff.cohort(CourseKind.BASIC)
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=True):
        with _refused(timing.NOT_IN_THE_PAST):
            training.add_session(
                cohort, held_on=cohort.course.starts_on, topic="x", actor=as_(staff.instructor)
            )
        training.add_session(
            cohort, held_on=timezone.localdate(), topic="x", actor=as_(staff.instructor)
        )


def test_a_visit_is_not_planned_in_the_past(team: Team) -> None:
    def plan(start: date) -> object:
        return selection.plan_visit(
            place=place_of("Site"),
            starts_on=start,
            ends_on=start + timedelta(days=1),
            commander=team.commander1,
            interviewers=[team.interviewer],
            actor=as_(team.commander1),
        )

    with _refused(timing.NOT_IN_THE_PAST):
        plan(timezone.localdate() - timedelta(days=3))
    plan(timezone.localdate() + timedelta(days=3))


# No enrolment once a cohort has ended.
def test_no_enrolment_once_the_cohort_has_ended(team: Team, staff: Staff) -> None:
    cohort = staff.cohort(CourseKind.BASIC)
    first, second = enlisted(team), enlisted(team)
    training.enrol(cohort, first, actor=as_(staff.training_officer))
    after_the_end = _at(cohort.course.ends_on + timedelta(days=1))
    with time_machine.travel(after_the_end, tick=True), _refused(timing.COHORT_STILL_OPEN):
        training.enrol(cohort, second, actor=as_(staff.training_officer))
    assert not cohort.enrollments.filter(volunteer=second).exists()


# "Qualified" needs the attendance the course's rules declare.
def test_qualified_needs_the_declared_attendance(team: Team, staff: Staff) -> None:
    cohort, enrollment = _cohort_with(staff, enlisted(team), CourseKind.ANTI_TANK)
    start = cohort.course.starts_on
    sessions = []
    for day in (start, start + timedelta(days=2), start + timedelta(days=4)):
        with time_machine.travel(_at(day), tick=True):
            session = training.add_session(
                cohort, held_on=day, topic="NLAW", actor=as_(staff.instructor)
            )
            sessions.append(session)
    with time_machine.travel(_at(start + timedelta(days=5)), tick=True):
        for session in sessions:
            training.record_attendance(session, {enrollment.pk: False}, actor=as_(staff.instructor))
        with _refused(timing.QUALIFIED_NEEDS_ATTENDANCE) as refusal:
            training.record_result(
                enrollment, result=ResultKind.QUALIFIED, note="", actor=as_(staff.instructor)
            )
        assert "0 of 3" in str(refusal.value)
        # Two of three is short of the 80% the anti-tank course declares; three of three is not.
        for session in sessions[:2]:
            training.record_attendance(session, {enrollment.pk: True}, actor=as_(staff.instructor))
        with _refused(timing.QUALIFIED_NEEDS_ATTENDANCE):
            training.record_result(
                enrollment, result=ResultKind.QUALIFIED, note="", actor=as_(staff.instructor)
            )
        training.record_attendance(sessions[2], {enrollment.pk: True}, actor=as_(staff.instructor))
        training.record_result(
            enrollment, result=ResultKind.QUALIFIED, note="", actor=as_(staff.instructor)
        )


# Status changes follow the declared table.
def _status(staff: Staff, volunteer: Volunteer, status: Status, **kw: object) -> object:
    fields = {"on": timezone.localdate(), "note": "", "actor": as_(staff.personnel), **kw}
    return units.record_status(volunteer, status=status, **fields)  # type: ignore[arg-type]


def _approve_death(staff: Staff, volunteer: Volunteer) -> None:
    pending = unit_selectors.pending_death(volunteer)
    assert pending is not None
    units.approve_status(pending, actor=as_(staff.personnel2))


def test_killed_then_deployed_the_same_day_is_refused(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    _status(staff, volunteer, Status.READY)
    _status(staff, volunteer, Status.KILLED)
    _approve_death(staff, volunteer)
    with _refused(timing.STATUS_TABLE):
        _status(staff, volunteer, Status.DEPLOYED)
    assert unit_selectors.current_status(volunteer) == Status.KILLED
    # A correction, with its reason, sets a wrong record right.
    with pytest.raises(units.PersonnelError):
        _status(staff, volunteer, Status.READY, correction=True)
    _status(staff, volunteer, Status.READY, correction=True, note="Wrong volunteer reported.")
    assert unit_selectors.current_status(volunteer) == Status.READY


@pytest.mark.parametrize("final", [Status.MISSING, Status.CAPTURED])
def test_missing_and_captured_are_final_unless_corrected(
    team: Team, staff: Staff, final: Status
) -> None:
    volunteer = enlisted(team)
    _status(staff, volunteer, Status.READY)
    _status(staff, volunteer, Status.DEPLOYED)
    _status(staff, volunteer, final)
    with _refused(timing.STATUS_TABLE):
        _status(staff, volunteer, Status.READY)
    _status(staff, volunteer, Status.WOUNDED, correction=True, note="Returned through exchange.")


def test_a_status_is_not_dated_ahead(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    with _refused(timing.STATUS_NOT_AHEAD):
        _status(staff, volunteer, Status.READY, on=timezone.localdate() + timedelta(days=2))


def test_a_death_stands_only_once_a_second_officer_approves(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    _status(staff, volunteer, Status.READY)
    event = _status(staff, volunteer, Status.KILLED)
    assert unit_selectors.current_status(volunteer) == Status.READY
    # Nothing else is recorded over a death waiting for its second officer.
    with _refused(timing.DEATH_TWO_OFFICERS):
        _status(staff, volunteer, Status.DEPLOYED)
    with pytest.raises(NotAllowed):
        units.approve_status(event, actor=as_(staff.personnel))  # type: ignore[arg-type]
    assert unit_selectors.current_status(volunteer) == Status.READY
    units.approve_status(event, actor=as_(staff.personnel2))  # type: ignore[arg-type]
    assert unit_selectors.current_status(volunteer) == Status.KILLED


# The form shows the refusal on its field, naming the rule.
def test_the_page_names_the_rule_on_the_field(team: Team) -> None:
    case = advance(new_case(), team, Stage.TRIAGE)
    client = signed_in_client(team.clerk)
    response = client.post(
        reverse("cases:schedule-interview", args=[case.pk]),
        {
            "version": fresh(case).version,
            "scheduled_for": "2020-01-01T10:00",
            "place": "Site",
            "interviewer": team.interviewer.pk,
        },
        follow=True,
    )
    text = response.content.decode()
    assert str(timing.NOT_IN_THE_PAST.title) in text
    assert "Date and time:" in text
    assert not Interview.objects.filter(case=case).exists()


def test_a_death_through_the_pages_needs_a_second_officer(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    first, second = signed_in_client(staff.personnel), signed_in_client(staff.personnel2)
    today = timezone.localdate().isoformat()
    page = first.post(
        reverse("units:status", args=[volunteer.pk]),
        {"status": Status.KILLED, "on": today, "note": ""},
        follow=True,
    )
    assert "second personnel officer" in page.content.decode()
    assert unit_selectors.current_status(volunteer) == Status.IN_TRAINING
    death = unit_selectors.pending_death(volunteer)
    assert death is not None
    approve = reverse("units:status-approve", args=[volunteer.pk, death.pk])
    first.post(approve)
    assert unit_selectors.current_status(volunteer) == Status.IN_TRAINING
    second.post(approve)
    assert unit_selectors.current_status(volunteer) == Status.KILLED
