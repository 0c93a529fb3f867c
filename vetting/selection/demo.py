"""Two field visits for the demo, at the demo's busiest detention sites, with some interviews
booked, through the real actions."""

from datetime import timedelta

from django.utils import timezone

from vetting.cases.demo import as_, demo_team
from vetting.places.models import Place, PlaceKind
from vetting.places.selectors import held_at
from vetting.selection import actions, selectors


def plan_demo_visits() -> int:
    """Plan a visit in 6 days and one in 20 days; book the best-ranked candidates of the first."""
    team = demo_team()
    held = held_at()
    busiest = sorted((-n, pk) for pk, n in held.items() if n > 0)[:2]
    by_pk = Place.objects.filter(kind=PlaceKind.DETENTION_SITE).in_bulk([pk for _n, pk in busiest])
    sites = [by_pk[pk] for _n, pk in busiest if pk in by_pk]
    today = timezone.localdate()
    visits = []
    for site, in_days in zip(sites, (6, 20), strict=False):
        visits.append(
            actions.plan_visit(
                place=site,
                starts_on=today + timedelta(days=in_days),
                ends_on=today + timedelta(days=in_days + 1),
                commander=team.commander1,
                interviewers=[team.interviewer],
                actor=as_(team.commander1),
            )
        )
    if visits:
        best = list(selectors.candidates(team.clerk, visits[0]).values_list("pk", flat=True)[:6])
        actions.book_interviews(visits[0], best, actor=as_(team.clerk))
    return len(visits)
