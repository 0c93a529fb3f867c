"""A planned visit with booked interviews, through the real actions."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff
from vetting.cases.tests.factories import Team, as_, new_case
from vetting.places.tests.factories import site as place_of
from vetting.policy.roles import Role
from vetting.selection import actions
from vetting.selection.models import FieldVisit

SITE = "Detention site No. 1"


def plan(team: Team, *, site: str = SITE, in_days: int = 6, interviewers: Any = None) -> FieldVisit:
    start = timezone.localdate() + timedelta(days=in_days)
    return actions.plan_visit(
        place=place_of(site),
        starts_on=start,
        ends_on=start + timedelta(days=1),
        commander=team.commander1,
        interviewers=interviewers or [team.interviewer],
        actor=as_(team.commander1),
    )


def booked_visit(team: Team, cases: int = 2) -> FieldVisit:
    visit = plan(team)
    ids = [new_case().pk for _ in range(cases)]
    outcome = actions.book_interviews(visit, ids, actor=as_(team.clerk))
    assert not outcome.refused, outcome.refused
    return visit


@contextmanager
def after(visit: FieldVisit) -> Iterator[None]:
    """The clock on the evening after the visit's last day: its interviews have been held."""
    evening = timezone.make_aware(datetime.combine(visit.ends_on, time(20, 0)))
    with time_machine.travel(evening, tick=True):
        yield


def second_interviewer() -> Any:
    return make_staff(Role.INTERVIEWER, "t-interviewer2")
