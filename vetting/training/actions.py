"""Every change to training records, each with its audit entry in one transaction. Volunteers
are named by id and call sign only."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, record
from vetting.policy import timing
from vetting.policy.authority import authorize
from vetting.policy.courses import ATTENDANCE_REQUIRED, CourseKind, ResultKind, sessions_needed
from vetting.policy.roles import Role, roles_of
from vetting.training.models import (
    Attendance,
    Cohort,
    Course,
    Enrollment,
    Result,
    TrainingSession,
)
from vetting.training.selectors import attended
from vetting.units.models import Volunteer
from vetting.units.selectors import GONE, current_status


class TrainingError(ValueError):
    """A change the training rules or the actor's role do not allow; the message says why."""


def create_course(
    *,
    kind: CourseKind | str,
    title: str,
    starts_on: date,
    ends_on: date,
    capacity: int,
    actor: Actor,
) -> Course:
    authorize(actor, "training.create_course")
    if ends_on < starts_on:
        raise TrainingError(_("A course cannot end before it starts."))
    if capacity < 1:
        raise TrainingError(_("A course needs at least one place."))
    with transaction.atomic():
        course = Course.objects.create(
            kind=CourseKind(kind),
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
        )
        record(actor, "training.course_created", course, kind=str(kind), capacity=capacity)
    return course


def create_cohort(course: Course, *, name: str, instructors: Iterable[Any], actor: Actor) -> Cohort:
    """A cohort of a course, with the instructors who teach it (and alone see it)."""
    authorize(actor, "training.create_cohort")
    people = list(instructors)
    if not people or any(Role.TRAINING_INSTRUCTOR not in roles_of(u) for u in people):
        raise TrainingError(_("A cohort needs instructors holding the instructor role."))
    with transaction.atomic():
        cohort = Cohort.objects.create(course=course, name=name.strip())
        cohort.instructors.set(people)
        record(
            actor,
            "training.cohort_created",
            cohort,
            course=course.pk,
            instructors=[u.pk for u in people],
        )
    return cohort


def enrol(cohort: Cohort, volunteer: Volunteer, *, actor: Actor) -> Enrollment:
    """Enrol a volunteer in a cohort, within the course's places, once per course."""
    authorize(actor, "training.enrol")
    with transaction.atomic():
        # The course row is the lock that keeps two enrolments from taking the last place.
        course = Course.objects.select_for_update().get(pk=cohort.course_id)
        taken = Enrollment.objects.filter(cohort__course=course)
        if taken.filter(volunteer=volunteer).exists():
            raise TrainingError(_("This volunteer is already on this course."))
        if taken.count() >= course.capacity:
            raise TrainingError(_("The course is full."))
        if current_status(volunteer) in GONE:
            raise TrainingError(_("This volunteer is no longer in service."))
        timing.cohort_open(course.ends_on, "cohort")
        enrollment = Enrollment.objects.create(
            cohort=cohort, volunteer=volunteer, enrolled_by=actor.user, enrolled_at=timezone.now()
        )
        record(
            actor,
            "training.enrolled",
            cohort,
            volunteer=volunteer.pk,
            call_sign=volunteer.call_sign,
        )
    return enrollment


def add_session(cohort: Cohort, *, held_on: date, topic: str, actor: Actor) -> TrainingSession:
    """A session of the cohort: planned by the training officer or one of its instructors."""
    authorize(actor, "training.add_session", cohort)
    course = cohort.course
    if not course.starts_on <= held_on <= course.ends_on:
        raise TrainingError(_("A session falls within the course's dates."))
    timing.not_in_the_past(held_on, "held_on")
    with transaction.atomic():
        session = TrainingSession.objects.create(cohort=cohort, held_on=held_on, topic=topic)
        record(actor, "training.session_added", cohort, session=session.pk, held_on=held_on)
    return session


def record_attendance(
    session: TrainingSession, present: Mapping[int, bool], *, actor: Actor
) -> list[Attendance]:
    """Mark who attended a session ({enrollment id: present}); a new mark supersedes the old."""
    authorize(actor, "training.record_attendance", session)
    cohort = session.cohort
    enrolled = set(cohort.enrollments.values_list("pk", flat=True))
    if set(present) - enrolled:
        raise TrainingError(_("Only volunteers of this cohort can be marked."))
    timing.training_session_held(session.held_on)
    now = timezone.now()
    with transaction.atomic():
        marks = Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    enrollment_id=pk,
                    present=here,
                    recorded_by=actor.user,
                    recorded_at=now,
                )
                for pk, here in sorted(present.items())
            ]
        )
        record(
            actor,
            "training.attendance",
            cohort,
            session=session.pk,
            present=sorted(pk for pk, here in present.items() if here),
            absent=sorted(pk for pk, here in present.items() if not here),
        )
    return marks


def record_result(
    enrollment: Enrollment, *, result: ResultKind | str, note: str, actor: Actor
) -> Result:
    """An instructor's result for a volunteer (qualified, not yet, failed) with a note."""
    authorize(actor, "training.record_result", enrollment)
    if result != ResultKind.QUALIFIED and not note.strip():
        raise TrainingError(_("Say why in the note: it tells the volunteer what to work on."))
    held = enrollment.cohort.sessions.filter(held_on__lte=timezone.localdate())
    timing.training_under_way(held.order_by("held_on").values_list("held_on", flat=True).first())
    if result == ResultKind.QUALIFIED:
        kind, count = CourseKind(enrollment.cohort.course.kind), held.count()
        timing.attendance_for_qualified(
            str(kind.label),
            attended=attended(enrollment, held),
            held=count,
            needed=sessions_needed(kind, count),
            share=ATTENDANCE_REQUIRED[kind],
        )
    with transaction.atomic():
        row = Result.objects.create(
            enrollment=enrollment,
            result=ResultKind(result),
            note=note.strip(),
            instructor=actor.user,
            recorded_at=timezone.now(),
        )
        record(
            actor,
            "training.result",
            enrollment.cohort,
            enrollment=enrollment.pk,
            call_sign=enrollment.volunteer.call_sign,
            result=str(result),
        )
    return row
