"""The rules of time, declared once beside the workflow: a result comes after its session,
nothing is scheduled in the past, nobody joins a cohort that has ended, "qualified" needs the
attendance the course declares, and a volunteer's status moves only as the table below allows
(a death recorded by two officers). The actions of cases, selection, training and units call
these checks; each refusal names its rule, and the form shows it on the field concerned."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TimeRule:
    """One rule of time: a code for tests and audit, and its name in the reader's language."""

    code: str
    title: Promise


RESULT_AFTER_SESSION = TimeRule("result_after_session", _("A result comes after its session"))
NOT_IN_THE_PAST = TimeRule("not_in_the_past", _("Nothing is scheduled in the past"))
COHORT_STILL_OPEN = TimeRule("cohort_still_open", _("No enrolment once a cohort has ended"))
QUALIFIED_NEEDS_ATTENDANCE = TimeRule(
    "qualified_needs_attendance", _("Qualified needs the attendance the course declares")
)
STATUS_TABLE = TimeRule("status_table", _("Status changes follow the declared table"))
STATUS_NOT_AHEAD = TimeRule("status_not_ahead", _("A status is recorded once it has happened"))
DEATH_TWO_OFFICERS = TimeRule("death_two_officers", _("A death is recorded by two officers"))

RULES = (
    RESULT_AFTER_SESSION,
    NOT_IN_THE_PAST,
    COHORT_STILL_OPEN,
    QUALIFIED_NEEDS_ATTENDANCE,
    STATUS_TABLE,
    STATUS_NOT_AHEAD,
    DEATH_TWO_OFFICERS,
)


class Untimely(ValueError):
    """A step the rules of time refuse; the message names the rule, `field` the form field."""

    def __init__(self, rule: TimeRule, detail: str, field: str = "") -> None:
        self.rule = rule
        self.field = field
        self.detail = detail
        super().__init__(
            gettext("Rule “%(rule)s”: %(detail)s") % {"rule": rule.title, "detail": detail}
        )

    def __str__(self) -> str:
        return str(self.args[0])


def _when(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# Results after the session.
def interview_held(scheduled_for: datetime, field: str = "") -> None:
    """Findings only once the interview's time has come."""
    if scheduled_for > timezone.now():
        raise Untimely(
            RESULT_AFTER_SESSION,
            gettext("the interview is on %(when)s; its findings are recorded after it.")
            % {"when": _when(scheduled_for)},
            field,
        )


def polygraph_held(scheduled_for: datetime | None, field: str = "") -> None:
    """A polygraph result only once its session's time has come (an undated one: any time)."""
    if scheduled_for is not None and scheduled_for > timezone.now():
        raise Untimely(
            RESULT_AFTER_SESSION,
            gettext("the polygraph session is on %(when)s; its result is recorded after it.")
            % {"when": _when(scheduled_for)},
            field,
        )


def training_session_held(held_on: date, field: str = "") -> None:
    """Attendance only for a session held today or before."""
    if held_on > timezone.localdate():
        raise Untimely(
            RESULT_AFTER_SESSION,
            gettext("the session is on %(when)s; attendance is marked after it.")
            % {"when": _when(held_on)},
            field,
        )


def training_under_way(first_session: date | None, field: str = "") -> None:
    """A course result only once a session of the cohort has been held."""
    if first_session is None or first_session > timezone.localdate():
        raise Untimely(
            RESULT_AFTER_SESSION,
            gettext("no session of this cohort has been held yet; a result comes after training."),
            field,
        )


# Nothing scheduled in the past (the day itself still counts: a session held this morning may
# be entered this afternoon).
def not_in_the_past(when: datetime | date, field: str = "") -> None:
    """Interviews, polygraph sessions, training sessions and visits are planned from today on."""
    day = timezone.localdate(when) if isinstance(when, datetime) else when
    if day < timezone.localdate():
        raise Untimely(
            NOT_IN_THE_PAST,
            gettext("%(when)s has already passed.") % {"when": _when(when)},
            field,
        )


def cohort_open(ends_on: date, field: str = "") -> None:
    """Enrolment only into a cohort whose course has not ended."""
    if ends_on < timezone.localdate():
        raise Untimely(
            COHORT_STILL_OPEN,
            gettext("this cohort's course ended on %(when)s.") % {"when": _when(ends_on)},
            field,
        )


def attendance_for_qualified(
    course: str, attended: int, held: int, needed: int, share: float
) -> None:
    """A "qualified" result only with the share of held sessions the course's rules require
    (`vetting.policy.courses.ATTENDANCE_REQUIRED`: `needed` of `held`)."""
    if held == 0 or attended < needed:
        raise Untimely(
            QUALIFIED_NEEDS_ATTENDANCE,
            gettext(
                "%(attended)d of %(held)d sessions attended; %(course)s requires %(needed)d "
                "(%(share)d%%)."
            )
            % {
                "attended": attended,
                "held": held,
                "course": course,
                "needed": max(needed, 1),
                "share": round(share * 100),
            },
            "result",
        )


class Status(models.TextChoices):
    """A volunteer's deployment status (the personnel record keeps them dated)."""

    IN_TRAINING = "in_training", _("In training")
    READY = "ready", _("Ready")
    DEPLOYED = "deployed", _("Deployed")
    WOUNDED = "wounded", _("Wounded")
    MISSING = "missing", _("Missing")
    CAPTURED = "captured", _("Captured")
    KILLED = "killed", _("Killed")
    DISCHARGED = "discharged", _("Discharged")


# Final: nothing follows but a correction of the record, with its reason.
FINAL = frozenset({Status.KILLED, Status.MISSING, Status.CAPTURED})
_IN_SERVICE = frozenset({Status.READY, Status.DEPLOYED, Status.WOUNDED, Status.IN_TRAINING})
_LOST = frozenset({Status.MISSING, Status.CAPTURED, Status.KILLED})
# Which status may follow which (by date). The first status of every volunteer is "in training",
# recorded on enlistment.
STATUS_CHANGES: dict[Status, frozenset[Status]] = {
    Status.IN_TRAINING: frozenset({Status.READY, Status.WOUNDED, Status.KILLED, Status.DISCHARGED}),
    Status.READY: frozenset(
        {Status.IN_TRAINING, Status.DEPLOYED, Status.WOUNDED, Status.KILLED, Status.DISCHARGED}
    ),
    Status.DEPLOYED: _IN_SERVICE - {Status.DEPLOYED} | _LOST | {Status.DISCHARGED},
    Status.WOUNDED: frozenset({Status.IN_TRAINING, Status.READY, Status.KILLED, Status.DISCHARGED}),
    Status.MISSING: frozenset(),
    Status.CAPTURED: frozenset(),
    Status.KILLED: frozenset(),
    Status.DISCHARGED: frozenset({Status.IN_TRAINING}),
}
# A status that needs a second officer's approval before it stands.
NEEDS_SECOND_OFFICER = frozenset({Status.KILLED})


def status_change(
    before: Status | str | None,
    new: Status | str,
    after: Status | str | None,
    *,
    on: date,
    correction: bool,
    pending_death: bool = False,
) -> None:
    """Whether `new`, dated `on`, may sit between the statuses standing before and after that
    date. A correction (with its reason) sets the record right whatever the table says."""
    new = Status(new)
    if on > timezone.localdate():
        raise Untimely(
            STATUS_NOT_AHEAD,
            gettext("%(when)s has not come yet.") % {"when": _when(on)},
            "on",
        )
    if correction:
        return
    if pending_death:
        raise Untimely(
            DEATH_TWO_OFFICERS,
            gettext(
                "a death is waiting for a second officer's approval; approve or correct it first."
            ),
            "status",
        )
    for first, then in ((before, new), (new, after)):
        if first is None or then is None:
            continue
        first, then = Status(first), Status(then)
        if then not in STATUS_CHANGES[first]:
            raise Untimely(
                STATUS_TABLE,
                (
                    gettext("“%(from)s” is final; only a correction, with its reason, changes it.")
                    if first in FINAL
                    else gettext("“%(to)s” does not follow “%(from)s”.")
                )
                % {"from": first.label, "to": then.label},
                "status",
            )


def stands_at_once(status: Status | str) -> bool:
    """Whether a recorded status stands at once, or waits for a second officer's approval."""
    return Status(status) not in NEEDS_SECOND_OFFICER
