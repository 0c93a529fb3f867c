"""Triage: which waiting applications are most worth an officer's time first, and why.

`triage(facts)` is the rule, with its explanation in words; `score_expression(...)` is the same
rule as a database expression, so that a visit plan of tens of thousands of candidates is
ranked by the database. A test holds the two to the same scores. The rank orders; it never
rejects: every case stays in its queue and in the plan, whatever its score.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

COMPLETE = 30
UNIT = 10
SERVICE_NUMBER = 10
# A visit starting within VISIT_HORIZON days gives up to VISIT_HORIZON points, more the sooner.
VISIT_HORIZON = 30
# (days waiting at least, points): a longer wait counts, in steps.
WAITING_STEPS: tuple[tuple[int, int], ...] = ((180, 25), (90, 20), (60, 15), (30, 10), (7, 5))
# What a complete application has besides a name, a status and the statement of consent.
COMPLETE_FIELDS = ("birth_date", "place_of_birth", "citizenship", "statement")
FIELD_LABELS = {
    "birth_date": gettext_lazy("date of birth"),
    "place_of_birth": gettext_lazy("place of birth"),
    "citizenship": gettext_lazy("citizenship"),
    "statement": gettext_lazy("statement of motive"),
}


SCREENING_HOLD_REASON = gettext_lazy(
    "watchlist hit open or confirmed: ranked last until the services have decided"
)


@dataclass(frozen=True)
class Facts:
    """What triage looks at in one application."""

    missing: tuple[str, ...]  # names of COMPLETE_FIELDS left empty
    unit: bool
    service_number: bool
    site: str
    visit_in_days: int | None  # the next visit to the site: days until it starts, 0 under way
    waiting_days: int
    # A watchlist hit waits for review, or a confirmed match holds the case: such a case is
    # flagged and ranked after every other, never first (the score itself is unchanged).
    screening_hold: bool = False


@dataclass(frozen=True)
class Triage:
    score: int
    reasons: tuple[str, ...]
    screening_hold: bool = False

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def visit_points(days: int | None) -> int:
    if days is None or days > VISIT_HORIZON:
        return 0
    return VISIT_HORIZON - max(days, 0)


def waiting_points(days: int) -> int:
    return next((points for least, points in WAITING_STEPS if days >= least), 0)


def triage(facts: Facts) -> Triage:
    """The score of one application and the reasons for it, in the order an officer reads."""
    score, reasons = 0, []
    if facts.screening_hold:
        reasons.append(str(SCREENING_HOLD_REASON))
    if not facts.missing:
        score += COMPLETE
        reasons.append(_("complete"))
    else:
        missing = ", ".join(str(FIELD_LABELS.get(f, f)) for f in facts.missing)
        reasons.append(_("missing: %(fields)s") % {"fields": missing})
    if facts.unit and facts.service_number:
        score += UNIT + SERVICE_NUMBER
        reasons.append(_("unit and service number given"))
    elif facts.unit:
        score += UNIT
        reasons.append(_("unit given"))
    elif facts.service_number:
        score += SERVICE_NUMBER
        reasons.append(_("service number given"))
    if points := visit_points(facts.visit_in_days):
        score += points
        if facts.visit_in_days == 0:
            reasons.append(_("visit to %(site)s under way") % {"site": facts.site})
        else:
            days = facts.visit_in_days or 0
            reasons.append(
                ngettext(
                    "visit to %(site)s in %(days)d day",
                    "visit to %(site)s in %(days)d days",
                    days,
                )
                % {"site": facts.site, "days": days}
            )
    score += waiting_points(facts.waiting_days)
    reasons.append(
        ngettext("waiting %(days)d day", "waiting %(days)d days", facts.waiting_days)
        % {"days": facts.waiting_days}
    )
    return Triage(score, tuple(reasons), facts.screening_hold)


def facts_of(
    application: object, visits: Mapping[str, int], now: datetime, screening_hold: bool = False
) -> Facts:
    """The facts of an application (an intake Application), given {place digest: days to its
    visit}: the site is the place from the list, whatever spelling the applicant wrote."""
    digest: str = getattr(application, "place_index", "")
    place = getattr(application, "place", None) if digest in visits else None
    site = str(place) if place is not None else ""
    submitted: datetime = application.submitted_at  # type: ignore[attr-defined]
    return Facts(
        missing=tuple(f for f in COMPLETE_FIELDS if not getattr(application, f)),
        unit=bool(getattr(application, "unit", "")),
        service_number=bool(getattr(application, "service_number", "")),
        site=site,
        visit_in_days=visits.get(digest) if digest else None,
        waiting_days=max(0, (now - submitted).days),
        screening_hold=screening_hold,
    )


def score_expression(prefix: str, visits: Mapping[str, int], now: datetime) -> Combinable:
    """`triage(...).score` as a database expression over the application at `prefix`
    ("" on applications, "application__" on cases)."""

    def points(condition: Q, value: int) -> Case:
        return Case(When(condition, then=Value(value)), default=Value(0))

    empty = Q()
    for name in COMPLETE_FIELDS:
        field = f"{prefix}{name}"
        empty |= Q(**{f"{field}__isnull": True}) if name == "birth_date" else Q(**{field: ""})
    given_unit = ~Q(**{f"{prefix}unit": ""})
    given_number = ~Q(**{f"{prefix}service_number": ""})
    site_points = [
        When(Q(**{f"{prefix}place_index": digest}), then=Value(visit_points(days)))
        for digest, days in visits.items()
        if visit_points(days)
    ]
    # (now - submitted).days >= n  <=>  submitted <= now - n days
    waiting = [
        When(Q(**{f"{prefix}submitted_at__lte": now - timedelta(days=least)}), then=Value(pts))
        for least, pts in WAITING_STEPS
    ]
    total = (
        points(~empty, COMPLETE)
        + points(given_unit, UNIT)
        + points(given_number, SERVICE_NUMBER)
        + (Case(*site_points, default=Value(0)) if site_points else Value(0))
        + Case(*waiting, default=Value(0))
    )
    return ExpressionWrapper(total, output_field=IntegerField())


def days_until(start: date, end: date, today: date) -> int | None:
    """Days until a visit from `start` to `end` begins; 0 while under way, None once over."""
    if end < today:
        return None
    return max(0, (start - today).days)
