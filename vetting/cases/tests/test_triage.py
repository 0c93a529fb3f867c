from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vetting.cases import triage
from vetting.cases.models import Case
from vetting.cases.tests.factories import Team, new_case
from vetting.intake.models import Application, place_index
from vetting.places.tests.factories import site as place_of
from vetting.selection import selectors
from vetting.selection.tests.factories import SITE, plan

FACTS = triage.Facts(
    missing=(), unit=True, service_number=True, site="Site X", visit_in_days=6, waiting_days=41
)


def test_the_explanation_names_each_reason() -> None:
    result = triage.triage(FACTS)
    assert result.explanation == (
        "complete; unit and service number given; visit to Site X in 6 days; waiting 41 days"
    )
    assert result.score == 30 + 20 + 24 + 10


def test_an_application_with_nothing_in_its_favour_still_has_a_rank() -> None:
    bare = triage.Facts(("birth_date",), False, False, "", None, 0)
    result = triage.triage(bare)
    assert result.score == 0
    assert result.explanation == "missing: date of birth; waiting 0 days"


@pytest.mark.django_db
def test_the_database_ranks_by_the_same_score_as_the_rule() -> None:
    team = Team.create()
    plan(team, in_days=3)
    plan(team, site="Detention site No. 2", in_days=40)
    now = timezone.now()
    variants: list[dict[str, Any]] = [
        {},
        {"unit": ""},
        {"service_number": "", "unit": ""},
        {"place_of_birth": ""},
        {"birth_date": None},
        {"detention_site": "Detention site No. 2"},
        {"detention_site": ""},
    ]
    for i, fields in enumerate(variants):
        case = new_case(**fields)
        Application.objects.filter(pk=case.application_id).update(
            submitted_at=now - timedelta(days=i * 17)
        )
    visits = selectors.upcoming_visits(timezone.localdate(now))
    assert visits == {place_index(place_of(SITE)): 3}
    ranked = Case.objects.select_related("application").annotate(
        score=triage.score_expression("application__", visits, now)
    )
    for case in ranked:
        expected = triage.triage(triage.facts_of(case.application, visits, now)).score
        assert case.score == expected, case.application.submitted_at


@pytest.mark.django_db
def test_the_plan_lists_every_candidate_best_first() -> None:
    team = Team.create()
    visit = plan(team)
    weak = new_case(unit="", service_number="", statement="")
    strong = new_case()
    elsewhere = new_case(detention_site="Detention site No. 9")
    ranked = list(selectors.candidates(team.clerk, visit))
    assert ranked == [strong, weak]
    assert elsewhere not in ranked


@pytest.mark.django_db
def test_the_queue_shows_the_triage_explanation() -> None:
    from vetting.accounts.tests.factories import signed_in_client

    team = Team.create()
    plan(team, in_days=6)
    new_case()
    body = signed_in_client(team.clerk).get("/en/staff/cases/").content.decode()
    assert (
        "complete; unit and service number given; visit to Detention site No. 1 in 6 days" in body
    )
