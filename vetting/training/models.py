"""Courses, the cohorts of volunteers who take them, the sessions they attend and the result
each volunteer gets. A result or an attendance mark is never edited: a new row supersedes it,
and the latest one stands."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.keys.fields import EncryptedTextField
from vetting.policy.courses import CourseKind, ResultKind
from vetting.units.models import Volunteer

USER = settings.AUTH_USER_MODEL


class Course(models.Model):
    """One running of a course (anti-tank weapon, tactical medicine...) with dates and places."""

    kind = models.CharField(_("course"), max_length=24, choices=CourseKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """A group of volunteers taking a course together, with its instructors."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=100)
    instructors: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="cohorts_taught"
    )

    class Meta:
        ordering = ["course__starts_on", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.course} · {self.name}"


class Enrollment(models.Model):
    """A volunteer enrolled in a cohort by the training officer."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrollments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="enrollments")
    enrolled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField()

    class Meta:
        ordering = ["volunteer__call_sign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "volunteer"], name="enrolled_once")
        ]

    def __str__(self) -> str:
        return f"Enrollment {self.pk}"


class TrainingSession(models.Model):
    """One session of a cohort on a date."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Session {self.pk}"


class Attendance(models.Model):
    """Whether a volunteer attended a session; the latest mark per session and volunteer stands."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="marks")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="marks")
    present = models.BooleanField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"


class Result(models.Model):
    """An instructor's result for a volunteer on a cohort's course; the latest stands."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="results")
    result = models.CharField(_("result"), max_length=12, choices=ResultKind.choices)
    note = EncryptedTextField(_("instructor's note"), blank=True)
    instructor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Result {self.pk} ({self.result})"
