"""Training pages: courses and cohorts, one cohort's roster with attendance and results, and
one POST endpoint per change. Every page finds its cohort through `selectors.cohort_for`."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vetting.audit.actions import record
from vetting.exports import spreadsheet
from vetting.formsteps import refused, run_form_step
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.authority import NotAllowed
from vetting.policy.courses import QUALIFIES_FOR, REQUIRED_COURSES, CourseKind, Specialty
from vetting.policy.roles import Role, roles_of
from vetting.policy.timing import Untimely
from vetting.training import actions, selectors
from vetting.training.forms import CohortForm, CourseForm, EnrolForm, ResultForm, SessionForm
from vetting.training.models import Course, Enrollment

VIEW = "training.view_cohort"


def _run(request: HttpRequest, form: forms.Form, do: Callable[[dict], object], done: str) -> None:
    run_form_step(request, form, do, done, (actions.TrainingError,))


@staff_view(VIEW)
def courses(request: HttpRequest) -> HttpResponse:
    cohorts = selectors.cohorts_for(request.user).annotate(size=Count("enrollments"))
    listed = []
    for course in selectors.courses_for(request.user).annotate(
        enrolled=Count("cohorts__enrollments")
    ):
        listed.append((course, [c for c in cohorts if c.course_id == course.pk]))
    officer = Role.TRAINING_OFFICER in roles_of(request.user)
    context = {
        "courses": listed,
        "officer": officer,
        "course_form": CourseForm() if officer else None,
        "cohort_form": CohortForm() if officer else None,
        "qualifies": [(k.label, QUALIFIES_FOR[k].label) for k in CourseKind],
        "required": [(s.label, [k.label for k in REQUIRED_COURSES[s]]) for s in Specialty],
    }
    return render(request, "training/courses.html", context)


@staff_view(VIEW, "training.add_course")
@require_POST
def course_new(request: HttpRequest) -> HttpResponse:
    _run(
        request,
        CourseForm(request.POST),
        lambda d: actions.create_course(**d, actor=staff_actor(request)),
        _("The course is created."),
    )
    return redirect("training:courses")


@staff_view(VIEW, "training.add_cohort")
@require_POST
def cohort_new(request: HttpRequest, pk: int) -> HttpResponse:
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404
    _run(
        request,
        CohortForm(request.POST),
        lambda d: actions.create_cohort(
            course, name=d["name"], instructors=d["instructors"], actor=staff_actor(request)
        ),
        _("The cohort is created."),
    )
    return redirect("training:courses")


@staff_view(VIEW)
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.cohort_for(request.user, pk)
    roles = roles_of(request.user)
    officer = Role.TRAINING_OFFICER in roles
    teaching = Role.TRAINING_INSTRUCTOR in roles and selectors.teaches(request.user, group)
    course = group.course
    enrolled = Enrollment.objects.filter(cohort__course=course).count()
    rows = selectors.cohort_roster(group)
    record(
        staff_actor(request),
        "training.cohort_viewed",
        group,
        shown=[row.enrollment.volunteer_id for row in rows],
    )
    context = {
        "cohort": group,
        "course": course,
        "specialty": QUALIFIES_FOR[CourseKind(course.kind)].label,
        "rows": rows,
        "sessions": list(group.sessions.all()),
        "places_left": course.capacity - enrolled,
        "officer": officer,
        "teaching": teaching,
        "enrol_form": EnrolForm(volunteers=selectors.enrollable(group)) if officer else None,
        "session_form": SessionForm() if officer or teaching else None,
        "result_form": ResultForm() if teaching else None,
    }
    return render(request, "training/cohort.html", context)


@staff_view(VIEW)
def cohort_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The cohort's roster by call sign as a spreadsheet: attendance and the standing result."""
    group = selectors.cohort_for(request.user, pk)
    rows = selectors.cohort_roster(group)
    return spreadsheet(
        request,
        fmt,
        name=f"cohort-{group.pk}",
        header=[_("Call sign"), _("Present"), _("Sessions"), _("Result"), _("Instructor's note")],
        rows=[
            (
                row.enrollment.volunteer.call_sign,
                row.attended,
                row.sessions,
                row.result.get_result_display() if row.result else "",
                row.result.note if row.result else "",
            )
            for row in rows
        ],
        target=group,
        shown=[row.enrollment.volunteer_id for row in rows],
    )


@staff_view(VIEW, "training.add_enrollment")
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.cohort_for(request.user, pk)
    _run(
        request,
        EnrolForm(request.POST, volunteers=selectors.enrollable(group)),
        lambda d: actions.enrol(group, d["volunteer"], actor=staff_actor(request)),
        _("The volunteer is enrolled."),
    )
    return redirect("training:cohort", pk=group.pk)


@staff_view(VIEW, "training.add_trainingsession")
@require_POST
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.cohort_for(request.user, pk)
    _run(
        request,
        SessionForm(request.POST),
        lambda d: actions.add_session(
            group, held_on=d["held_on"], topic=d["topic"], actor=staff_actor(request)
        ),
        _("The session is added."),
    )
    return redirect("training:cohort", pk=group.pk)


@staff_view(VIEW, "training.add_attendance")
@require_POST
def attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Mark the whole cohort for one session: ticked present, the rest absent."""
    group = selectors.cohort_for(request.user, pk)
    session = group.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    ticked = set(request.POST.getlist("present"))
    marks = {e.pk: str(e.pk) in ticked for e in group.enrollments.all()}
    try:
        actions.record_attendance(session, marks, actor=staff_actor(request))
        messages.success(request, _("Attendance is recorded."))
    except (actions.TrainingError, Untimely) as exc:
        messages.error(request, str(exc))
    except NotAllowed as exc:
        refused(request, exc)
    return redirect("training:cohort", pk=group.pk)


@staff_view(VIEW, "training.add_result")
@require_POST
def result(request: HttpRequest, pk: int, enrollment_pk: int) -> HttpResponse:
    group = selectors.cohort_for(request.user, pk)
    enrollment = group.enrollments.select_related("volunteer", "cohort").filter(pk=enrollment_pk)
    found = enrollment.first()
    if found is None:
        raise Http404
    _run(
        request,
        ResultForm(request.POST),
        lambda d: actions.record_result(
            found, result=d["result"], note=d["note"], actor=staff_actor(request)
        ),
        _("The result is recorded."),
    )
    return redirect("training:cohort", pk=group.pk)
