"""The training rules, declared once beside the workflow: the kinds of course, specialty and
result, which course qualifies for which specialty, which courses a volunteer must have passed
before being assigned with a specialty, and the share of sessions a "qualified" result needs.
The training and units apps (models, forms, actions, pages), demo data and tests read this table;
nothing else decides what a course is worth."""

import math

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    BASIC = "basic", _("Basic training")
    ANTI_TANK = "anti_tank", _("Anti-tank weapon")
    TACTICAL_MEDICINE = "tactical_medicine", _("Tactical medicine")
    DRONE = "drone", _("Drone operation")


class Specialty(models.TextChoices):
    RIFLEMAN = "rifleman", _("Rifleman")
    ANTI_TANK_GUNNER = "anti_tank_gunner", _("Anti-tank gunner")
    COMBAT_MEDIC = "combat_medic", _("Combat medic")
    DRONE_OPERATOR = "drone_operator", _("Drone operator")


class ResultKind(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    NOT_YET = "not_yet", _("Not yet")
    FAILED = "failed", _("Failed")


# The specialty a passed course qualifies for.
QUALIFIES_FOR: dict[CourseKind, Specialty] = {
    CourseKind.BASIC: Specialty.RIFLEMAN,
    CourseKind.ANTI_TANK: Specialty.ANTI_TANK_GUNNER,
    CourseKind.TACTICAL_MEDICINE: Specialty.COMBAT_MEDIC,
    CourseKind.DRONE: Specialty.DRONE_OPERATOR,
}

# Courses a volunteer must have passed (latest result "qualified") before assignment.
# Everyone passes basic training first; a specialty adds its own course.
REQUIRED_COURSES: dict[Specialty, tuple[CourseKind, ...]] = {
    Specialty.RIFLEMAN: (CourseKind.BASIC,),
    Specialty.ANTI_TANK_GUNNER: (CourseKind.BASIC, CourseKind.ANTI_TANK),
    Specialty.COMBAT_MEDIC: (CourseKind.BASIC, CourseKind.TACTICAL_MEDICINE),
    Specialty.DRONE_OPERATOR: (CourseKind.BASIC, CourseKind.DRONE),
}


def missing_courses(
    specialty: Specialty | str, passed: "set[str] | frozenset[str]"
) -> list[CourseKind]:
    """The required courses for `specialty` not among the course kinds `passed`."""
    return [kind for kind in REQUIRED_COURSES[Specialty(specialty)] if kind not in passed]


def specialties_open(passed: "set[str] | frozenset[str]") -> list[Specialty]:
    """The specialties a volunteer who passed these course kinds may be assigned with."""
    return [s for s in Specialty if not missing_courses(s, passed)]


# The share of a cohort's held sessions a volunteer must have attended to be "qualified".
ATTENDANCE_REQUIRED: dict[CourseKind, float] = {
    CourseKind.BASIC: 0.8,
    CourseKind.ANTI_TANK: 0.8,
    CourseKind.TACTICAL_MEDICINE: 1.0,
    CourseKind.DRONE: 0.8,
}


def sessions_needed(kind: CourseKind | str, held: int) -> int:
    """How many of `held` sessions a volunteer must have attended to qualify on `kind`."""
    share = ATTENDANCE_REQUIRED[CourseKind(kind)]
    return max(1, math.ceil(round(held * share, 6)))
