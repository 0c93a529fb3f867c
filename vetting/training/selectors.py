"""Reading training records through one restriction: the training officer and the auditor see
every cohort, an instructor only the cohorts they teach. Volunteers appear by call sign."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from vetting.policy.access import NotVisible
from vetting.policy.roles import Role, roles_of
from vetting.training.models import Attendance, Cohort, Course, Enrollment, Result, TrainingSession
from vetting.units.models import Volunteer
from vetting.units.selectors import latest_results

ALL_COHORTS = frozenset({Role.TRAINING_OFFICER, Role.AUDITOR})


def cohorts_for(user: Any) -> QuerySet[Cohort]:
    """Every cohort this user may open."""
    roles = roles_of(user)
    cohorts = Cohort.objects.select_related("course").prefetch_related("instructors")
    if roles & ALL_COHORTS:
        return cohorts
    if Role.TRAINING_INSTRUCTOR in roles:
        return cohorts.filter(instructors=user)
    return Cohort.objects.none()


def cohort_for(user: Any, pk: int) -> Cohort:
    """One cohort, or 404 alike for a cohort that does not exist and one the user may not see."""
    try:
        return cohorts_for(user).get(pk=pk)
    except Cohort.DoesNotExist:
        raise NotVisible(Cohort, pk) from None


def courses_for(user: Any) -> QuerySet[Course]:
    """Courses with at least one cohort the user may see; the training officer sees all."""
    if roles_of(user) & ALL_COHORTS:
        return Course.objects.all()
    return Course.objects.filter(cohorts__in=cohorts_for(user)).distinct()


def teaches(user: Any, cohort: Cohort) -> bool:
    return cohort.instructors.filter(pk=user.pk).exists()


@dataclass(frozen=True)
class RosterRow:
    enrollment: Enrollment
    attended: int
    sessions: int
    marks: dict[int, bool]  # session id -> present
    result: Result | None


def cohort_roster(cohort: Cohort) -> list[RosterRow]:
    """Each enrolled volunteer (by call sign) with attendance and the result that stands."""
    enrollments = list(cohort.enrollments.select_related("volunteer"))
    sessions = list(cohort.sessions.values_list("pk", flat=True))
    marks: dict[int, dict[int, bool]] = {}
    for mark in Attendance.objects.filter(session__cohort=cohort).order_by("recorded_at", "pk"):
        marks.setdefault(mark.enrollment_id, {})[mark.session_id] = mark.present
    latest = latest_results(enrollments)
    return [
        RosterRow(
            e,
            sum(1 for present in marks.get(e.pk, {}).values() if present),
            len(sessions),
            marks.get(e.pk, {}),
            latest.get(e.pk),
        )
        for e in enrollments
    ]


def enrollable(cohort: Cohort) -> QuerySet[Volunteer]:
    """Volunteers the training officer may enrol in this cohort: not yet on this course."""
    on_course = Enrollment.objects.filter(cohort__course=cohort.course).values("volunteer_id")
    return Volunteer.objects.exclude(pk__in=on_course).order_by("call_sign")


def attended(enrollment: Enrollment, sessions: QuerySet[TrainingSession]) -> int:
    """How many of `sessions` the volunteer attended (the latest mark per session stands)."""
    latest: dict[int, bool] = {}
    for session_id, present in (
        Attendance.objects.filter(enrollment=enrollment, session__in=sessions)
        .order_by("recorded_at", "pk")
        .values_list("session_id", "present")
    ):
        latest[session_id] = present
    return sum(latest.values())
