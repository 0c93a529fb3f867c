"""What the services find is part of the case: a confirmed watchlist match holds the case, an
open hit is shown and ranked last, neither lets a commander accept; the two services check
blind; a second commander may refuse an acceptance."""

import io
from typing import Any

import pytest
from django.utils import timezone

from vetting.accounts.tests.factories import signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases import actions, selectors
from vetting.cases.models import ClaimStatus, Decision, Outcome, Service, StageChange
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.policy.authority import NotAllowed
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening
from vetting.screening import selectors as screening_selectors
from vetting.screening.models import MatchHold, ScreeningHit
from vetting.selection import selectors as selection
from vetting.selection.tests.factories import plan

pytestmark = pytest.mark.django_db

SERVER = Actor(origin="test")
LIST = "Known intelligence officers"
# Matches the test applicant (intake factories): name and date of birth.
WATCHLIST = "id,name,birth_date\nKIO-7,SHISHKAREV Nikolai,1985-03-14\n"


@pytest.fixture
def team() -> Team:
    return Team.create()


def load_list(name: str = LIST) -> None:
    screening.import_watchlist(
        io.StringIO(WATCHLIST), watchlist_name=name, file_name="kio.csv", jsonl=False, actor=SERVER
    )


def screened(case: Any) -> ScreeningHit:
    screening.screen_application(case.application_id, SERVER)
    return ScreeningHit.objects.get(application_id=case.application_id)


def accept(case: Any, commander: Any) -> Decision:
    case = fresh(case)
    return actions.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="fit and motivated",
        actor=as_(commander),
        expected_version=case.version,
    )


def confirmed_case(team: Team) -> tuple[Any, ScreeningHit]:
    """A case at the commander's decision whose applicant counter-intelligence confirmed."""
    load_list()
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    hit = screened(case)
    screening.decide_hit(
        hit, confirm=True, reason="same person, photo", actor=as_(team.counterintel)
    )
    return case, hit


# --- A confirmed match holds the case ---


def test_a_confirmed_hit_puts_the_case_on_hold_and_refuses_acceptance(team: Team) -> None:
    case, hit = confirmed_case(team)
    hold = MatchHold.objects.get(case=case)
    assert hold.hit == hit and hold.confirmed_by == team.counterintel and hold.standing
    assert hold.service == Service.COUNTERINTELLIGENCE
    assert AuditEvent.objects.filter(action="case.match_hold_placed", target_id=str(case.pk))
    with pytest.raises(NotAllowed, match=f"Confirmed match on {LIST}, confirmed by t-counterintel"):
        accept(case, team.commander1)
    assert not Decision.objects.filter(case=case).exists()
    # People decide: the commander may still reject.
    case = fresh(case)
    actions.decide(
        case,
        outcome=Outcome.REJECT,
        reason_code="security",
        note="confirmed match",
        actor=as_(team.commander1),
        expected_version=case.version,
    )
    assert fresh(case).stage == Stage.REJECTED


def test_an_open_hit_refuses_acceptance_with_the_reason(team: Team) -> None:
    load_list()
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    screened(case)
    with pytest.raises(NotAllowed, match="waiting for the services' review"):
        accept(case, team.commander1)


def test_an_acceptance_waiting_for_approval_is_not_approved_once_a_match_is_confirmed(
    team: Team,
) -> None:
    load_list()
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    decision = accept(case, team.commander1)  # not screened yet: no hit
    hit = screened(case)
    screening.decide_hit(hit, confirm=True, reason="same person", actor=as_(team.security))
    with pytest.raises(NotAllowed, match="Confirmed match"):
        actions.approve(decision, actor=as_(team.commander2), expected_version=fresh(case).version)
    assert fresh(case).stage == Stage.COMMANDER_DECISION


def test_only_the_confirming_service_lifts_the_hold_with_a_reason(team: Team) -> None:
    case, _hit = confirmed_case(team)
    hold = MatchHold.objects.get(case=case)
    with pytest.raises(NotAllowed, match="Only the service that confirmed"):
        screening.lift_match_hold(hold, reason="looks fine to us", actor=as_(team.security))
    with pytest.raises(NotAllowed):
        screening.lift_match_hold(hold, reason="I decide", actor=as_(team.commander1))
    with pytest.raises(screening.DecisionError):
        screening.lift_match_hold(hold, reason="  ", actor=as_(team.counterintel))
    screening.lift_match_hold(
        hold, reason="namesake: fingerprints differ", actor=as_(team.counterintel)
    )
    hold.refresh_from_db()
    assert hold.lifted_by == team.counterintel and hold.lift_reason.startswith("namesake")
    assert AuditEvent.objects.filter(action="case.match_hold_lifted", target_id=str(case.pk))
    decision = accept(case, team.commander1)
    actions.approve(decision, actor=as_(team.commander2), expected_version=fresh(case).version)
    assert fresh(case).stage == Stage.ACCEPTED


def test_the_commanders_case_page_names_the_match_without_the_lists_data(team: Team) -> None:
    case, hit = confirmed_case(team)
    body = signed_in_client(team.commander1).get(f"/en/staff/cases/{case.pk}/").content.decode()
    today = timezone.localdate().isoformat()
    assert f"Confirmed match on {LIST}, confirmed by t-counterintel on {today}." in body
    assert hit.entry.name not in body and hit.explanation not in body
    assert "same person, photo" not in body  # the service's reasoning stays with the service
    services = signed_in_client(team.counterintel).get(f"/en/staff/cases/{case.pk}/")
    assert "same person, photo" in services.content.decode()
    assert 'data-testid="lift-hold"' in services.content.decode()
    clerk = signed_in_client(team.clerk).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert LIST not in clerk


def test_an_open_hit_is_flagged_and_ranked_last_in_the_visit_plan_and_the_queue(
    team: Team,
) -> None:
    load_list()
    flagged = new_case()  # the test applicant: on the list
    # Incomplete and not on the list: a lower triage score than the flagged case's.
    plain = new_case(
        name_cyrillic="Петро Іванович Бондар",
        name_latin="Petro Bondar",
        birth_date=None,
        service_number="",
        unit="",
    )
    screened(flagged)
    screening.screen_application(plain.application_id, SERVER)
    visit = plan(team)
    ranked = list(selection.candidates(team.commander1, visit))
    assert [c.pk for c in ranked] == [plain.pk, flagged.pk]
    scores = [c.triage_score for c in ranked]  # type: ignore[attr-defined]
    assert scores[1] > scores[0]  # the score alone would put the flagged case first
    rows = dict((c.pk, t) for c, t in selectors.explained(ranked))
    assert rows[flagged.pk].screening_hold and not rows[plain.pk].screening_hold
    assert "watchlist hit" in rows[flagged.pk].explanation
    queue = list(selectors.queue_for(team.clerk, by_triage=True))
    assert [c.pk for c in queue] == [plain.pk, flagged.pk]
    page = signed_in_client(team.commander1).get(f"/en/staff/visits/{visit.pk}/").content.decode()
    assert page.count('data-testid="screening-flag"') == 1


def test_a_new_list_version_raises_a_hit_on_an_accepted_volunteer_for_the_services(
    team: Team,
) -> None:
    from vetting.units.models import Volunteer

    case = advance(new_case(), team, Stage.ACCEPTED)
    volunteer = Volunteer.objects.get(case=case)
    load_list()
    hit = screened(case)
    entry = AuditEvent.objects.get(action="volunteer.screening_hit")
    assert entry.target_id == str(volunteer.pk) and entry.detail["hits"] == [hit.entry_id]
    queue = list(screening_selectors.open_hits(team.security))
    assert queue[0] == hit and queue[0].on_volunteer  # type: ignore[attr-defined]
    page = signed_in_client(team.security).get("/en/staff/screening/hits/").content.decode()
    assert 'data-testid="hit-on-volunteer"' in page


# --- Blind checks ---


def record_check(case: Any, service: Service, officer: Any, findings: str) -> None:
    case = fresh(case)
    actions.record_check(
        case,
        service=service,
        findings=findings,
        result="clear",
        actor=as_(officer),
        expected_version=case.version,
    )


def test_each_service_reads_the_others_result_and_marks_only_after_recording_its_own(
    team: Team,
) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    record_check(case, Service.SECURITY, team.security, "registry clean")
    claim = case.claims.first()
    assert claim is not None
    actions.assess_claim(
        claim,
        service=Service.SECURITY,
        status=ClaimStatus.CORROBORATED,
        evidence_note="unit roster",
        actor=as_(team.security),
    )
    case = fresh(case)

    def seen_by(user: Any) -> tuple[dict[str, str], str]:
        results = {s.service.value: s.result for s in selectors.check_summaries(user, case)}
        status = next(r.status for r in selectors.claims_view(user, case) if r.pk == claim.pk)
        return results, status

    assert seen_by(team.counterintel) == (
        {"security": "", "counterintelligence": ""},
        ClaimStatus.UNVERIFIED,
    )
    assert seen_by(team.commander1) == (
        {"security": "clear", "counterintelligence": ""},
        ClaimStatus.CORROBORATED,
    )
    body = signed_in_client(team.counterintel).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert "Security service: Clear" not in body and "✔ corroborated" not in body
    record_check(case, Service.COUNTERINTELLIGENCE, team.counterintel, "nothing found")
    case = fresh(case)
    assert seen_by(team.counterintel) == (
        {"security": "clear", "counterintelligence": "clear"},
        ClaimStatus.CORROBORATED,
    )


def test_results_and_claim_marks_are_shown_in_the_pages_language(team: Team) -> None:
    """A result reads "Служба безпеки: Без зауважень" on a Ukrainian page, never the stored
    value ("clear")."""
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    record_check(case, Service.SECURITY, team.security, "registry clean")
    claim = case.claims.first()
    assert claim is not None
    actions.assess_claim(
        claim,
        service=Service.SECURITY,
        status=ClaimStatus.CORROBORATED,
        evidence_note="unit roster",
        actor=as_(team.security),
    )
    body = signed_in_client(team.security).get(f"/uk/staff/cases/{case.pk}/").content.decode()
    assert "Служба безпеки: Без зауважень" in body
    assert "Служба безпеки: Підтверджено — unit roster" in body
    for stored in (": clear", ": corroborated", "security:"):
        assert stored not in body, stored


def test_a_service_is_told_a_polygraph_result_is_the_commanders_not_to_record_its_own(
    team: Team,
) -> None:
    """The services never hold a session: "once your own session is recorded" is the
    examiners' rule, not theirs."""
    case = advance(new_case(), team, Stage.POLYGRAPH)
    session = actions.assign_polygraph(
        fresh(case),
        number=1,
        examiner=team.examiner1,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=fresh(case).version,
    )
    actions.assign_polygraph(
        fresh(case),
        number=2,
        examiner=team.examiner2,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=fresh(case).version,
    )
    actions.record_polygraph(
        session,
        result="no_deception",
        notes="",
        actor=as_(team.examiner1),
        expected_version=fresh(case).version,
    )
    own_first = "the result is shown once your own session is recorded"
    for officer in (team.security, team.counterintel):
        body = signed_in_client(officer).get(f"/en/staff/cases/{case.pk}/").content.decode()
        assert "Recorded; the result goes to the commander." in body
        assert own_first not in body and "No deception indicated" not in body
    body = signed_in_client(team.examiner2).get(f"/en/staff/cases/{case.pk}/").content.decode()
    assert own_first in body


# --- The second commander may refuse ---


def test_a_second_commander_refuses_an_acceptance_and_it_goes_back_to_a_commander(
    team: Team,
) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    decision = accept(case, team.commander1)
    with pytest.raises(NotAllowed, match="Another commander"):
        actions.refuse_acceptance(
            decision, reason="no", actor=as_(team.commander1), expected_version=fresh(case).version
        )
    with pytest.raises(actions.WorkflowError):
        actions.refuse_acceptance(
            decision, reason=" ", actor=as_(team.commander2), expected_version=fresh(case).version
        )
    actions.refuse_acceptance(
        decision,
        reason="motivation unclear; interview again",
        actor=as_(team.commander2),
        expected_version=fresh(case).version,
    )
    decision.refresh_from_db()
    assert decision.refused_by == team.commander2 and decision.refused_at is not None
    assert decision.refusal_reason == "motivation unclear; interview again"
    assert fresh(case).stage == Stage.COMMANDER_DECISION
    assert StageChange.objects.filter(case=case, transition="refuse_acceptance").exists()
    assert AuditEvent.objects.filter(action="case.acceptance_refused", target_id=str(case.pk))
    assert selectors.pending_acceptance(case) is None
    with pytest.raises(actions.WorkflowError):
        actions.approve(decision, actor=as_(team.commander2), expected_version=fresh(case).version)
    # Back with a commander: a new decision, and this time a second commander approves it.
    again = accept(case, team.commander2)
    actions.approve(again, actor=as_(team.commander1), expected_version=fresh(case).version)
    assert fresh(case).stage == Stage.ACCEPTED
