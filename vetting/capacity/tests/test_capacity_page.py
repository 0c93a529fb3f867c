import csv
import io

import pytest

from vetting.accounts.tests.factories import signed_in_client
from vetting.audit.models import AuditEvent
from vetting.capacity import selectors
from vetting.cases.tests.factories import Team, advance, new_case
from vetting.policy.workflow import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    team = Team.create()
    for stage in (Stage.INTERVIEW, Stage.BACKGROUND_CHECKS, Stage.RECEIVED):
        advance(new_case(), team, stage)
    return team


def test_the_figures_count_what_the_workflow_recorded(team: Team) -> None:
    from django.utils import timezone

    now = timezone.now()
    assert selectors.cases_per_stage()["interview"] == 1
    done = selectors.throughput(now)
    # Two cases left triage (to interview), one left the interview (to checks).
    assert done.per_week["triage"][-1] == 2 and done.per_week["interview"][-1] == 1
    assert done.officers["triage"] == 1
    times = {t.stage: t for t in selectors.stage_times(now)}
    assert times["triage"].stays == 2 and times["triage"].median_days == 0
    mondays, arrivals = selectors.arrivals_by_week(now)
    assert arrivals["portal"][-1] == 3


def test_the_page_draws_the_charts_and_the_csv_is_an_audited_export(team: Team) -> None:
    client = signed_in_client(team.commander1)
    body = client.get("/en/staff/capacity/?target=2030-01-01").content.decode()
    assert body.count("<svg") == 4
    assert "When is today&#x27;s backlog cleared?" in body or "backlog cleared" in body
    response = client.get("/en/staff/capacity/stages.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["stage", "cases"] and ["checks", "1"] in rows
    event = AuditEvent.objects.get(action="capacity.exported")
    assert event.detail == {"figure": "stages", "rows": len(Stage.values)}
    assert client.get("/en/staff/capacity/nothing.csv").status_code == 404
