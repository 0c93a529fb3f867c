"""Two field visits for the demo, at the demo's busiest detention sites, with some interviews
booked, through the real actions."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from vetting.cases.demo import as_, demo_team
from vetting.intake.models import Application
from vetting.selection import actions, selectors


def plan_demo_visits() -> int:
    """Plan a visit in 6 days and one in 20 days; book the best-ranked candidates of the first."""
    team = demo_team()
    sites = [
        site
        for site, _n in Application.objects.exclude(detention_site="")
        .values_list("detention_site")
        .annotate(n=Count("id"))
        .order_by("-n", "detention_site")[:2]
    ]
    today = timezone.localdate()
    visits = []
    for site, in_days in zip(sites, (6, 20), strict=False):
        visits.append(
            actions.plan_visit(
                site=site,
                starts_on=today + timedelta(days=in_days),
                ends_on=today + timedelta(days=in_days + 1),
                commander=team.commander1,
                interviewers=[team.interviewer],
                actor=as_(team.commander1),
            )
        )
    if visits:
        best = list(
            selectors.candidates(team.clerk, visits[0]).values_list("pk", flat=True)[:6]
        )
        actions.book_interviews(visits[0], best, actor=as_(team.clerk))
    return len(visits)
