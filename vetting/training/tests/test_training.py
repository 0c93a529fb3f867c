import pytest
from django.utils import timezone

from vetting.accounts.tests.factories import signed_in_client
from vetting.cases.tests.factories import Team, as_
from vetting.policy.authority import NotAllowed
from vetting.policy.courses import REQUIRED_COURSES, CourseKind, ResultKind, Specialty
from vetting.training import actions, selectors
from vetting.units.selectors import passed_kinds
from vetting.units.tests.factories import Staff, enlisted

pytestmark = pytest.mark.django_db

NAME_PARTS = ("Николай", "Шишкарёв", "Nikolay", "Shishkarev")


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.fixture
def staff() -> Staff:
    return Staff.create()


def test_every_specialty_needs_basic_training_and_its_own_course() -> None:
    for specialty in Specialty:
        assert REQUIRED_COURSES[specialty][0] == CourseKind.BASIC


def test_an_instructor_sees_only_their_cohorts(team: Team, staff: Staff) -> None:
    mine = staff.cohort(CourseKind.DRONE)
    theirs = staff.cohort(CourseKind.ANTI_TANK, instructor=staff.other_instructor)
    assert list(selectors.cohorts_for(staff.instructor)) == [mine]
    assert set(selectors.cohorts_for(staff.training_officer)) == {mine, theirs}
    client = signed_in_client(staff.instructor)
    assert client.get(f"/en/staff/training/cohorts/{mine.pk}/").status_code == 200
    assert client.get(f"/en/staff/training/cohorts/{theirs.pk}/").status_code == 404
    assert client.get("/en/staff/training/cohorts/999999/").status_code == 404
    listing = client.get("/en/staff/training/").content.decode()
    assert "Drone operation 1/2026" in listing and "Anti-tank weapon 1/2026" not in listing


def test_an_instructor_never_sees_vetting_findings_or_names(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    cohort = staff.cohort(CourseKind.BASIC)
    actions.enrol(cohort, volunteer, actor=as_(staff.training_officer))
    case = volunteer.case
    client = signed_in_client(staff.instructor)
    body = client.get(f"/en/staff/training/cohorts/{cohort.pk}/").content.decode()
    assert volunteer.call_sign in body
    findings = [case.interviews.get().notes, *case.checks.values_list("findings", flat=True)]
    for secret in (*NAME_PARTS, case.reference, *findings):
        assert secret not in body, secret
    for url in (
        "/en/staff/cases/",
        f"/en/staff/cases/{case.pk}/",
        f"/en/staff/applications/{case.application_id}/",
        "/en/staff/personnel/",
        f"/en/staff/personnel/{volunteer.pk}/",
    ):
        assert client.get(url).status_code in (403, 404), url


def test_the_course_has_as_many_places_as_declared(team: Team, staff: Staff) -> None:
    cohort = staff.cohort(CourseKind.TACTICAL_MEDICINE, capacity=1)
    first = enlisted(team)
    actions.enrol(cohort, first, actor=as_(staff.training_officer))
    second = enlisted(team)
    with pytest.raises(actions.TrainingError, match="full"):
        actions.enrol(cohort, second, actor=as_(staff.training_officer))
    with pytest.raises(actions.TrainingError, match="already"):
        actions.enrol(cohort, first, actor=as_(staff.training_officer))


def test_only_the_training_officer_enrols(team: Team, staff: Staff) -> None:
    cohort = staff.cohort(CourseKind.BASIC)
    volunteer = enlisted(team)
    for someone in (staff.instructor, staff.personnel, team.commander1):
        with pytest.raises(NotAllowed):
            actions.enrol(cohort, volunteer, actor=as_(someone))


def test_only_the_cohorts_instructor_records_attendance_and_results(
    team: Team, staff: Staff
) -> None:
    cohort = staff.cohort(CourseKind.BASIC)
    volunteer = enlisted(team)
    enrollment = actions.enrol(cohort, volunteer, actor=as_(staff.training_officer))
    session = actions.add_session(
        cohort, held_on=cohort.course.starts_on, topic="Drill", actor=as_(staff.instructor)
    )
    for outsider in (staff.other_instructor, staff.training_officer):
        with pytest.raises(NotAllowed):
            actions.record_result(
                enrollment, result=ResultKind.QUALIFIED, note="", actor=as_(outsider)
            )
        with pytest.raises(NotAllowed):
            actions.record_attendance(session, {enrollment.pk: True}, actor=as_(outsider))
    actions.record_attendance(session, {enrollment.pk: True}, actor=as_(staff.instructor))
    [row] = selectors.cohort_roster(cohort)
    assert (row.attended, row.sessions) == (1, 1)


def test_the_latest_result_stands(team: Team, staff: Staff) -> None:
    cohort = staff.cohort(CourseKind.ANTI_TANK)
    volunteer = enlisted(team)
    enrollment = actions.enrol(cohort, volunteer, actor=as_(staff.training_officer))
    instructor = as_(staff.instructor)
    session = actions.add_session(
        cohort, held_on=timezone.localdate(), topic="t", actor=as_(staff.training_officer)
    )
    actions.record_attendance(session, {enrollment.pk: True}, actor=instructor)
    with pytest.raises(actions.TrainingError, match="note"):
        actions.record_result(enrollment, result=ResultKind.NOT_YET, note="", actor=instructor)
    actions.record_result(
        enrollment, result=ResultKind.NOT_YET, note="Reload drill too slow.", actor=instructor
    )
    assert passed_kinds(volunteer) == set()
    actions.record_result(enrollment, result=ResultKind.QUALIFIED, note="", actor=instructor)
    assert passed_kinds(volunteer) == {CourseKind.ANTI_TANK}
    assert enrollment.results.count() == 2


def test_a_session_falls_within_the_course(team: Team, staff: Staff) -> None:
    cohort = staff.cohort(CourseKind.BASIC)
    with pytest.raises(actions.TrainingError):
        actions.add_session(
            cohort,
            held_on=cohort.course.ends_on.replace(year=2030),
            topic="x",
            actor=as_(staff.instructor),
        )
