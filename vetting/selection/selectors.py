"""Reading visits and their candidates, always through the user's restriction: planners see
every visit, an interviewer only the visits they travel on."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet
from django.utils import timezone

from vetting.cases import triage
from vetting.cases.models import Case
from vetting.cases.selectors import cases_for
from vetting.policy.access import NotVisible
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import MAIN_PATH, Stage
from vetting.screening.selectors import held_by_screening
from vetting.selection.models import FieldVisit, InterviewSlot

DAY_STARTS = time(9, 0)
SLOT_MINUTES = 45
SLOTS_PER_DAY = 8

# Who sees every visit; an interviewer sees the visits they are on.
ALL_VISITS = frozenset({Role.COMMANDER, Role.INTAKE_CLERK, Role.AUDITOR})
# Cases a visit can still interview: not yet past the interview.
CANDIDATE_STAGES = frozenset(MAIN_PATH[: MAIN_PATH.index(Stage.INTERVIEW) + 1])


def visits_for(user: Any) -> QuerySet[FieldVisit]:
    roles = roles_of(user)
    if not user.has_perm("selection.view_fieldvisit"):
        return FieldVisit.objects.none()
    visits = FieldVisit.objects.select_related("commander")
    if roles & ALL_VISITS:
        return visits
    if Role.INTERVIEWER in roles:
        return visits.filter(interviewers=user)
    return FieldVisit.objects.none()


def visit_for(user: Any, pk: int) -> FieldVisit:
    """One visit, or 404 alike for one that does not exist and one the user may not see."""
    try:
        return visits_for(user).get(pk=pk)
    except FieldVisit.DoesNotExist:
        raise NotVisible(FieldVisit, pk) from None


def upcoming_visits(today: date) -> dict[str, int]:
    """{place digest: days until its next visit starts (0: under way)} for visits within the
    horizon."""
    found: dict[str, int] = {}
    for site, starts_on, ends_on in (
        FieldVisit.objects.filter(
            ends_on__gte=today, starts_on__lte=today + timedelta(days=triage.VISIT_HORIZON)
        )
        .exclude(place_index="")
        .values_list("place_index", "starts_on", "ends_on")
    ):
        days = triage.days_until(starts_on, ends_on, today)
        if days is not None and days < found.get(site, days + 1):
            found[site] = days
    return found


def candidates(user: Any, visit: FieldVisit, now: datetime | None = None) -> QuerySet[Case]:
    """Everyone held at the visit's site who applied, by any channel and whatever spelling of
    the site they wrote, not yet booked on it and not past the interview: best triage score
    first, then the longest waiting; a case with a watchlist hit open or confirmed after all
    the others (flagged, never first)."""
    now = now or timezone.now()
    visits = upcoming_visits(timezone.localdate(now))
    booked = InterviewSlot.objects.filter(visit=visit, case=OuterRef("pk"))
    if not visit.place_index:  # planned before places were a list, its site not mapped yet
        return Case.objects.none()
    return (
        cases_for(user)
        .filter(application__place_index=visit.place_index, stage__in=CANDIDATE_STAGES)
        .exclude(Exists(booked))
        .annotate(
            triage_score=triage.score_expression("application__", visits, now),
            screening_hold=ExpressionWrapper(held_by_screening(), output_field=BooleanField()),
        )
        .order_by("screening_hold", "-triage_score", "application__submitted_at", "pk")
    )


def slots_of(visit: FieldVisit) -> QuerySet[InterviewSlot]:
    return visit.slots.select_related("case__application", "interview__interviewer")


def slot_times(visit: FieldVisit) -> list[datetime]:
    """Every interview time of the visit, in order: SLOTS_PER_DAY a day from DAY_STARTS."""
    times = []
    day = visit.starts_on
    while day <= visit.ends_on:
        start = timezone.make_aware(datetime.combine(day, DAY_STARTS))
        times += [start + timedelta(minutes=SLOT_MINUTES * k) for k in range(SLOTS_PER_DAY)]
        day += timedelta(days=1)
    return times


def free_slots(visit: FieldVisit) -> list[tuple[datetime, Any]]:
    """(time, interviewer) pairs not yet booked, earliest first, interviewers side by side."""
    taken = set(
        InterviewSlot.objects.filter(visit=visit).values_list(
            "starts_at", "interview__interviewer_id"
        )
    )
    people = list(visit.interviewers.order_by("username"))
    return [(t, p) for t in slot_times(visit) for p in people if (t, p.pk) not in taken]
